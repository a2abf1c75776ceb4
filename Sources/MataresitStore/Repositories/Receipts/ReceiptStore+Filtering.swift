import Foundation
import PostgresNIO

extension ReceiptStore {
    /// One page of the receipts `filter` selects, with the exact total.
    public func list(_ filter: ReceiptFilter, page: Int, limit: Int) async throws -> Page<Receipt> {
        return try await StoreError.wrapping {
            var sql = SQLBuilder()
            try Self.apply(filter, to: &sql)
            let offset = Page<Receipt>.offset(page: page, limit: limit)
            let text = """
                SELECT \(Self.columns) FROM receipts WHERE \(sql.whereSQL)
                ORDER BY \(Self.order(filter)) LIMIT \(try sql.bind(limit)) OFFSET \(try sql.bind(offset))
                """
            var receipts: [Receipt] = []
            for try await row in try await client.query(sql.query(text), logger: logger) {
                receipts.append(try Self.decode(row))
            }
            // A first page that is not full is the whole selection: no count needed.
            let total = offset == 0 && receipts.count < limit ? receipts.count : try await count(filter)
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

    /// The page's order, then `id` for ties. NULLS LAST only on nullable columns: on the others it would keep
    /// Postgres from reading the page off `idx_receipts_user_created` / `_team_created` (the default order's index)
    /// and make it sort every row of the selection instead.
    static func order(_ filter: ReceiptFilter) -> String {
        let direction = filter.ascending ? "ASC" : "DESC"
        let nullable: Set<ReceiptSortColumn> = [.tax, .paymentMethod, .category]
        let nulls = nullable.contains(filter.sortBy) ? " NULLS LAST" : ""
        return "\(filter.sortBy.rawValue) \(direction)\(nulls), id \(direction)"
    }

    static func apply(_ filter: ReceiptFilter, to sql: inout SQLBuilder) throws {
        try sql.filter(owner: filter.owner)
        try sql.filter(datesFrom: filter.startDate, through: filter.endDate)
        try sql.filter("merchant ILIKE $?", filter.merchant.map(SQLBuilder.containsPattern))
        try sql.filter("predicted_category = $?", filter.category)
        try sql.filter("status = $?", filter.status)
        try sql.filter("total >= $?", filter.minAmount)
        try sql.filter("total <= $?", filter.maxAmount)
        try sql.filter("currency = $?", filter.currency)
        try sql.filter("payment_method = $?", filter.paymentMethod)
    }
}
