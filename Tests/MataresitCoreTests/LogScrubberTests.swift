import MataresitCore
import Testing

@Suite("LogScrubber")
struct LogScrubberTests {
    let scrubber = LogScrubber(logSensitiveData: false)

    @Test func personalAndSecretKeysLoseTheirValues() {
        for key in ["client_ip", "User_Agent", "x-api-key", "authorization", "email"] {
            #expect(scrubber.value("203.0.113.9 or anything", forKey: key) == LogScrubber.placeholder)
        }
        #expect(scrubber.value("42", forKey: "count") == "42")
    }

    @Test func secretsInFreeTextAreReplaced() {
        let key = "mk_live_" + String(repeating: "0f", count: 32)
        let line = scrubber.text("rejected \(key) for jane.doe@example.com (Bearer abc.def) at /x")
        #expect(!line.contains(key) && !line.contains("jane.doe") && !line.contains("abc.def"))
        #expect(line.hasPrefix("rejected [redacted] for [redacted]") && line.hasSuffix("at /x"))
    }

    @Test func ordinaryLinesAreUntouched() {
        #expect(scrubber.text("stage access-log committed 500 rows") == "stage access-log committed 500 rows")
    }

    @Test func localDebuggingKeepsEverything() {
        let debugging = LogScrubber(logSensitiveData: true)
        #expect(debugging.value("203.0.113.9", forKey: "client_ip") == "203.0.113.9")
        #expect(debugging.text("jane@example.com") == "jane@example.com")
    }
}
