import Foundation
import PostgresNIO

extension TeamStore {
    /// Receipt and claim totals of the team, its member count and its five newest receipts.
    public func stats(teamID: UUID) async throws -> TeamStats {
        return try await StoreError.wrapping {
            let rows = try await client.query(
                """
                WITH main AS (
                    SELECT currency FROM receipts WHERE team_id = \(teamID)
                    GROUP BY currency ORDER BY count(*) DESC, currency LIMIT 1)
                SELECT (SELECT count(*) FROM receipts WHERE team_id = \(teamID)),
                       (SELECT count(*) FROM claims WHERE team_id = \(teamID)),
                       COALESCE((SELECT sum(total) FROM receipts
                                 WHERE team_id = \(teamID) AND currency = (SELECT currency FROM main)), 0),
                       COALESCE((SELECT currency FROM main), 'USD'),
                       (SELECT count(*) FROM team_members WHERE team_id = \(teamID))
                """, logger: logger)
            var stats = TeamStats(
                totalReceipts: 0, totalClaims: 0, totalAmount: 0, currency: "USD", activeMembers: 0, recentReceipts: [])
            for try await row in rows.decode((Int, Int, Decimal, String, Int).self) {
                stats = TeamStats(
                    totalReceipts: row.0, totalClaims: row.1, totalAmount: row.2, currency: row.3, activeMembers: row.4,
                    recentReceipts: [])
            }
            stats.recentReceipts = try await ReceiptStore(client: client, logger: logger)
                .list(ReceiptFilter(owner: .team(teamID)), page: 1, limit: 5).items
            return stats
        }
    }
}
