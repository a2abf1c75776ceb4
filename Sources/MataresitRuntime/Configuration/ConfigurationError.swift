/// Every invalid variable found at start, each named with what is wrong (values are never echoed,
/// so a mistyped secret does not end up in a log).
public struct ConfigurationError: Error, CustomStringConvertible, Equatable {
    public struct Problem: Sendable, Equatable {
        public var variable: String
        public var problem: String
    }

    public var problems: [Problem]

    /// The variables at fault, in the order they were read.
    public var variables: [String] { problems.map(\.variable) }

    public var description: String {
        let lines = problems.map { "\($0.variable): \($0.problem)" }
        return lines.count == 1
            ? "invalid configuration: " + lines[0]
            : "invalid configuration:\n  " + lines.joined(separator: "\n  ")
    }
}
