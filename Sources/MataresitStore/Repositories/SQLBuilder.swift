import PostgresNIO

/// Assembles a query whose shape depends on which optional filters or fields were given. Every value is
/// bound as a parameter (`$1`, `$2`, ...); only SQL written in this codebase (and whitelisted identifiers)
/// ever goes into the text.
public struct SQLBuilder: Sendable {
    private(set) var binds = PostgresBindings()
    /// Conditions joined with `AND` by `whereSQL`.
    private(set) var conditions: [String] = []

    public init() {}

    /// Binds `value` (SQL `NULL` when it is nil) and returns its placeholder.
    mutating func bind<Value: PostgresThrowingDynamicTypeEncodable>(_ value: Value?) throws -> String {
        try binds.append(value)
        return "$\(binds.count)"
    }

    /// Adds a condition written in SQL with `$?` standing for `value`; skipped when `value` is nil.
    mutating func filter<Value: PostgresThrowingDynamicTypeEncodable>(_ template: String, _ value: Value?) throws {
        guard let value else { return }
        conditions.append(template.replacingOccurrences(of: "$?", with: try bind(value)))
    }

    /// Adds a condition without parameters.
    mutating func filter(_ condition: String) {
        conditions.append(condition)
    }

    /// The conditions joined with `AND` (`TRUE` when there are none).
    var whereSQL: String { conditions.isEmpty ? "TRUE" : conditions.map { "(\($0))" }.joined(separator: " AND ") }

    /// The finished query.
    func query(_ sql: String) -> PostgresQuery { PostgresQuery(unsafeSQL: sql, binds: binds) }

    /// `pattern` with LIKE's wildcards escaped, wrapped in `%...%` (a substring match).
    static func containsPattern(_ text: String) -> String {
        let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
        return "%" + escaped + "%"
    }
}
