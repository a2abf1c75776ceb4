import Foundation
import Logging
import PostgresNIO

/// The monthly receipt allowance of a user's tier was used up (`-1` limits never are).
public struct ReceiptQuotaExceeded: Error, Sendable, Equatable {
    public let used: Int
    public let limit: Int
}

extension ReceiptStore {
    /// Receipts the user created since the start of this month (UTC): the count `/me` shows and quotas use.
    public func createdThisMonth(userID: UUID) async throws -> Int {
        return try await StoreError.wrapping {
            let rows = try await client.query(
                "SELECT count(*) FROM receipts WHERE user_id = \(userID) AND \(unescaped: Self.thisMonth)",
                logger: logger)
            for try await total in rows.decode(Int.self) { return total }
            return 0
        }
    }

    /// `created_at` within the current calendar month in UTC.
    static let thisMonth = "created_at >= date_trunc('month', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'"

    /// Inside a receipt's insert transaction: serialises the user's inserts (transaction-scoped advisory lock)
    /// and refuses when `limit` receipts were already created this month, so concurrent requests on any
    /// instance cannot pass the quota together.
    static func enforce(monthlyLimit limit: Int, userID: UUID, on connection: PostgresConnection, logger: Logger)
        async throws
    {
        try await connection.query(
            "SELECT pg_advisory_xact_lock(hashtextextended('receipt-quota:' || \(userID.uuidString), 0))",
            logger: logger)
        let rows = try await connection.query(
            "SELECT count(*) FROM receipts WHERE user_id = \(userID) AND \(unescaped: thisMonth)", logger: logger)
        var used = 0
        for try await total in rows.decode(Int.self) { used = total }
        if used >= limit { throw ReceiptQuotaExceeded(used: used, limit: limit) }
    }
}
