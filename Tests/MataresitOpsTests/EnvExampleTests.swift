import Foundation
import MataresitRuntime
import Testing

@Suite("ops/env.example documents exactly the variables the program reads")
struct EnvExampleTests {
    static func documented() throws -> [String: String] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("ops/env.example"), encoding: .utf8)
        var variables: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if parts.count == 2 { variables[String(parts[0])] = String(parts[1]) }
        }
        return variables
    }

    @Test("every variable read is documented, and nothing else")
    func sameVariables() throws {
        let read = Set(try RuntimeSettings(environment: [:]).entries.map(\.variable))
        let documented = Set(try Self.documented().keys)
        #expect(read.subtracting(documented).isEmpty, "undocumented: \(read.subtracting(documented).sorted())")
        #expect(
            documented.subtracting(read).isEmpty, "documented but never read: \(documented.subtracting(read).sorted())")
    }

    @Test("the documented defaults are the program's defaults and load as they are")
    func defaultsMatch() throws {
        let documented = try Self.documented()
        let settings = try RuntimeSettings(environment: documented)
        let defaults = try RuntimeSettings(environment: [:])
        for entry in defaults.entries where entry.variable != "MATARESIT_INSTANCE" {
            #expect((documented[entry.variable] ?? "") == (entry.value ?? ""), "\(entry.variable)")
        }
        #expect(settings.rateLimits == defaults.rateLimits && settings.security == defaults.security)
        #expect(settings.monitoring == defaults.monitoring)
    }
}
