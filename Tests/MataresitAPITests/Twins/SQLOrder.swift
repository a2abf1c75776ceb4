import Foundation

/// `ORDER BY column NULLS LAST, id` in a direction, for twins: compares sort keys (text that sorts like the
/// column, see ``number(_:)`` and ``time(_:)``), nil last, ties broken by id.
enum SQLOrder {
    static func precedes(
        _ left: (key: String?, id: UUID), _ right: (key: String?, id: UUID), ascending: Bool
    ) -> Bool {
        if left.key != right.key {
            guard let leftKey = left.key else { return false }
            guard let rightKey = right.key else { return true }
            return ascending ? leftKey < rightKey : leftKey > rightKey
        }
        return ascending ? left.id.uuidString < right.id.uuidString : left.id.uuidString > right.id.uuidString
    }

    /// A non-negative amount as text that sorts like the number.
    static func number(_ value: Decimal?) -> String? {
        value.map { String(format: "%020.4f", NSDecimalNumber(decimal: $0).doubleValue) }
    }

    static func time(_ value: Date?) -> String? { value.map { String(format: "%020.6f", $0.timeIntervalSince1970) } }
}
