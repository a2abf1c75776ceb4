import Foundation

/// Reads and validates environment variables, remembering each one for `config show` and every
/// problem for one error at the end (so a bad deployment learns all its mistakes at once).
/// An empty value counts as unset.
public struct EnvironmentReader {
    private let environment: [String: String]
    /// Every variable read, in order.
    public private(set) var entries: [ConfigurationEntry] = []
    /// Every invalid variable, in order.
    public private(set) var problems: [ConfigurationError.Problem] = []

    public init(_ environment: [String: String]) {
        self.environment = environment
    }

    /// The raw value, or nil when unset or empty.
    public func raw(_ name: String) -> String? {
        environment[name].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Records a problem with `name`.
    public mutating func reject(_ name: String, _ problem: String) {
        problems.append(.init(variable: name, problem: problem))
    }

    /// Throws every problem recorded, if any.
    public func validate() throws(ConfigurationError) {
        guard problems.isEmpty else { throw ConfigurationError(problems: problems) }
    }

    /// A string; `check` returns a problem text for an invalid value.
    public mutating func string(
        _ name: String, default fallback: String? = nil, sensitivity: ConfigurationEntry.Sensitivity = .plain,
        note: String? = nil, check: (String) -> String? = { _ in nil }
    ) -> String? {
        let value = raw(name)
        entries.append(
            .init(
                variable: name, value: value ?? fallback, isSet: value != nil, sensitivity: sensitivity,
                note: note))
        if let value, let problem = check(value) {
            reject(name, problem)
            return fallback
        }
        return value ?? fallback
    }

    /// An integer within `range`.
    public mutating func integer(_ name: String, default fallback: Int, in range: ClosedRange<Int>, note: String? = nil)
        -> Int
    {
        let text = string(name, default: String(fallback), note: note) { text in
            guard let number = Int(text), range.contains(number) else {
                return "must be a whole number from \(range.lowerBound) to \(range.upperBound)"
            }
            return nil
        }
        return text.flatMap(Int.init) ?? fallback
    }

    /// An integer within `range`, or nil when the variable is unset.
    public mutating func optionalInteger(_ name: String, in range: ClosedRange<Int>, note: String? = nil) -> Int? {
        let text = string(name, note: note) { text in
            guard let number = Int(text), range.contains(number) else {
                return "must be a whole number from \(range.lowerBound) to \(range.upperBound)"
            }
            return nil
        }
        return text.flatMap(Int.init)
    }

    /// A boolean: true/false, 1/0, yes/no (any case).
    public mutating func flag(_ name: String, default fallback: Bool, note: String? = nil) -> Bool {
        let text = string(name, default: String(fallback), note: note) { text in
            Self.parseFlag(text) == nil ? "must be true or false" : nil
        }
        return text.flatMap(Self.parseFlag) ?? fallback
    }

    /// A comma-separated list; each item trimmed and checked by `check`.
    public mutating func list(
        _ name: String, default fallback: [String], note: String? = nil, check: (String) -> String? = { _ in nil }
    ) -> [String] {
        let text = string(name, default: fallback.joined(separator: ","), note: note) { text in
            let items = Self.split(text)
            if items.isEmpty { return "must list at least one value" }
            for item in items { if let problem = check(item) { return "\"\(item)\" \(problem)" } }
            return nil
        }
        return text.map(Self.split) ?? fallback
    }

    /// A secret: never shown, optionally with a minimum length.
    public mutating func secret(_ name: String, minimumLength: Int = 1, note: String? = nil) -> String? {
        string(name, sensitivity: .secret, note: note) { value in
            value.count < minimumLength ? "must be at least \(minimumLength) characters" : nil
        }
    }

    /// A URL with one of `schemes`, shown with its password masked.
    public mutating func url(
        _ name: String, schemes: Set<String>, sensitivity: ConfigurationEntry.Sensitivity = .url, note: String? = nil
    ) -> String? {
        string(name, sensitivity: sensitivity, note: note) { value in
            guard let components = URLComponents(string: value), let scheme = components.scheme?.lowercased(),
                schemes.contains(scheme), components.host != nil || value.contains("?host=") || value.contains("@/")
            else {
                return "must be a URL starting with \(schemes.sorted().map { $0 + "://" }.joined(separator: " or "))"
            }
            return nil
        }
    }

    static func parseFlag(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true", "1", "yes", "on": return true
        case "false", "0", "no", "off": return false
        default: return nil
        }
    }

    static func split(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
