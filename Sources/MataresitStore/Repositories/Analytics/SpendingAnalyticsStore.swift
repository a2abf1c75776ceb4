import Foundation
import Logging
import PostgresNIO

/// Aggregates over receipts for `/analytics` (totals and breakdowns), in SQL.
public struct SpendingAnalyticsStore: Sendable {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// Number and sum of the receipts the filter selects.
    public func totals(_ filter: SpendingFilter) async throws -> SpendingTotals {
        return try await StoreError.wrapping {
            var sql = SQLBuilder()
            try Self.apply(filter, to: &sql)
            let text = "SELECT count(*), COALESCE(sum(total), 0) FROM receipts WHERE \(sql.whereSQL)"
            for try await row in try await client.query(sql.query(text), logger: logger).decode((Int, Decimal).self) {
                return SpendingTotals(count: row.0, amount: row.1)
            }
            return SpendingTotals(count: 0, amount: 0)
        }
    }

    /// The selected receipts grouped by `dimension`, largest amount first, at most `limit` groups.
    public func breakdown(_ filter: SpendingFilter, by dimension: SpendingDimension, limit: Int = 100) async throws
        -> [SpendingGroup]
    {
        return try await StoreError.wrapping {
            var sql = SQLBuilder()
            try Self.apply(filter, to: &sql)
            let text = """
                SELECT \(dimension.expression) AS key, sum(total), count(*) FROM receipts WHERE \(sql.whereSQL)
                GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT \(try sql.bind(limit))
                """
            var groups: [SpendingGroup] = []
            for try await row in try await client.query(sql.query(text), logger: logger)
                .decode((String, Decimal, Int).self)
            {
                groups.append(SpendingGroup(key: row.0, amount: row.1, count: row.2))
            }
            return groups
        }
    }

    static func apply(_ filter: SpendingFilter, to sql: inout SQLBuilder) throws {
        try sql.filter(owner: filter.owner)
        try sql.filter(datesFrom: filter.startDate, through: filter.endDate)
        try sql.filter("currency = $?", filter.currency)
        try sql.filter("COALESCE(predicted_category, 'Uncategorized') = ANY($?)", filter.categories)
    }
}
