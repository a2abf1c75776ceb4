import Foundation
import PostgresNIO

extension ReceiptStore {
    /// One page of the receipts `filter` selects, with the exact total.
    public func list(_ filter: ReceiptFilter, page: Int, limit: Int) async throws -> Page<Receipt> {
        return try await StoreError.wrapping {
            var sql = SQLBuilder()
            try Self.apply(filter, to: &sql)
            let direction = filter.ascending ? "ASC" : "DESC"
            let offset = Page<Receipt>.offset(page: page, limit: limit)
            let text = """
                SELECT \(Self.columns), count(*) OVER ()
                FROM receipts WHERE \(sql.whereSQL)
                ORDER BY \(filter.sortBy.rawValue) \(direction) NULLS LAST, id \(direction)
                LIMIT \(try sql.bind(limit)) OFFSET \(try sql.bind(offset))
                """
            var receipts: [Receipt] = []
            var total = 0
            for try await row in try await client.query(sql.query(text), logger: logger) {
                let (receipt, count) = try Self.decode(row, withCount: true)
                receipts.append(receipt)
                total = count
            }
            if receipts.isEmpty, offset > 0 { total = try await count(filter) }
            return Page(items: receipts, total: total, page: page, limit: limit)
        }
    }

    /// How many receipts `filter` selects.
    public func count(_ filter: ReceiptFilter) async throws -> Int {
        var sql = SQLBuilder()
        try Self.apply(filter, to: &sql)
        let rows = try await client.query(
            sql.query("SELECT count(*) FROM receipts WHERE \(sql.whereSQL)"), logger: logger)
        for try await total in rows.decode(Int.self) { return total }
        return 0
    }

    static func apply(_ filter: ReceiptFilter, to sql: inout SQLBuilder) throws {
        switch filter.owner {
        case .user(let userID): try sql.filter("user_id = $?", userID)
        case .team(let teamID): try sql.filter("team_id = $?", teamID)
        }
        try sql.filter("date >= $?::date", filter.startDate)
        try sql.filter("date <= $?::date", filter.endDate)
        try sql.filter("merchant ILIKE $?", filter.merchant.map(SQLBuilder.containsPattern))
        try sql.filter("predicted_category = $?", filter.category)
        try sql.filter("status = $?", filter.status)
        try sql.filter("total >= $?", filter.minAmount)
        try sql.filter("total <= $?", filter.maxAmount)
        try sql.filter("currency = $?", filter.currency)
        try sql.filter("payment_method = $?", filter.paymentMethod)
    }
}
