import Foundation
import MataresitCore
import Testing

@Suite("Subject names")
struct SubjectTests {
    @Test("a user subject is user: and the lowercase UUID")
    func user() throws {
        let id = try #require(UUID(uuidString: "0190F3A2-7B1C-7DEF-8ABC-0123456789AB"))
        #expect(Subject.user(id) == "user:0190f3a2-7b1c-7def-8abc-0123456789ab")
    }

    /// (seconds since the epoch, expected subject); times just around midnight UTC.
    @Test(
        "an anonymous subject is the UTC day",
        arguments: [
            (1_773_100_799.999, "anon:2026-03-09"),  // 2026-03-09T23:59:59.999Z
            (1_773_100_800.0, "anon:2026-03-10"),  // 2026-03-10T00:00:00Z
            (1_767_225_599.0, "anon:2025-12-31"),  // 2025-12-31T23:59:59Z
            (1_767_225_600.0, "anon:2026-01-01"),  // 2026-01-01T00:00:00Z
            (1_709_208_000.0, "anon:2024-02-29"),  // leap day, noon UTC
            (0.0, "anon:1970-01-01")
        ])
    func anonymous(seconds: Double, expected: String) {
        #expect(Subject.anonymous(on: Date(timeIntervalSince1970: seconds)) == expected)
    }

    @Test("UTCDay.start is midnight UTC of the same day")
    func startOfDay() {
        let lateEvening = Date(timeIntervalSince1970: 1_773_100_799)
        #expect(UTCDay.start(of: lateEvening) == Date(timeIntervalSince1970: 1_773_014_400))
    }
}
