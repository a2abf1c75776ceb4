/// One line of `mataresit doctor`'s table.
public struct DoctorCheck: Sendable, Equatable {
    public enum Outcome: String, Sendable {
        case pass = "PASS", fail = "FAIL", skip = "SKIP"
    }

    public var name: String
    public var outcome: Outcome
    public var detail: String

    public init(_ name: String, _ outcome: Outcome, _ detail: String) {
        self.name = name
        self.outcome = outcome
        self.detail = detail
    }

    /// The table as aligned lines: `CHECK  RESULT  DETAIL`.
    public static func table(_ checks: [DoctorCheck]) -> [String] {
        let width = max(5, checks.map(\.name.count).max() ?? 0)
        func pad(_ text: String) -> String { text + String(repeating: " ", count: max(0, width - text.count)) }
        return [pad("CHECK") + "  RESULT  DETAIL"]
            + checks.map { pad($0.name) + "  " + $0.outcome.rawValue + "    " + $0.detail }
    }
}
