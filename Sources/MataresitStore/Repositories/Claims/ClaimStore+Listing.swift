import Foundation
import PostgresNIO

extension ClaimStore {
    /// One page of the claims `filter` selects, with the exact total.
    public func list(_ filter: ClaimFilter, page: Int, limit: Int) async throws -> Page<Claim> {
        return try await StoreError.wrapping {
            var sql = SQLBuilder()
            try sql.filter("team_id = ANY($?)", filter.teamIDs)
            try sql.filter("status = $?", filter.status)
            try sql.filter("priority = $?", filter.priority)
            try sql.filter("category = $?", filter.category)
            try sql.filter("amount >= $?", filter.minAmount)
            try sql.filter("amount <= $?", filter.maxAmount)
            try sql.filter("currency = $?", filter.currency)
            try sql.filter("claimant_id = $?", filter.claimantID)
            try sql.filter("created_at >= ($?::date AT TIME ZONE 'UTC')", filter.startDate)
            try sql.filter("created_at < (($?::date + 1) AT TIME ZONE 'UTC')", filter.endDate)
            let counter = sql.query("SELECT count(*) FROM claims WHERE \(sql.whereSQL)")
            let direction = filter.ascending ? "ASC" : "DESC"
            let offset = Page<Claim>.offset(page: page, limit: limit)
            let text = """
                SELECT \(Self.columns), count(*) OVER () FROM claims WHERE \(sql.whereSQL)
                ORDER BY \(filter.sortBy.rawValue) \(direction) NULLS LAST, id \(direction)
                LIMIT \(try sql.bind(limit)) OFFSET \(try sql.bind(offset))
                """
            var claims: [Claim] = []
            var total = 0
            for try await row in try await client.query(sql.query(text), logger: logger) {
                claims.append(try Self.decode(row))
                total = try row.makeRandomAccess()[20].decode(Int.self)
            }
            if claims.isEmpty, offset > 0 {
                for try await count in try await client.query(counter, logger: logger).decode(Int.self) {
                    total = count
                }
            }
            return Page(items: claims, total: total, page: page, limit: limit)
        }
    }
}
