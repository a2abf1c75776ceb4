import Foundation
import Logging
import PostgresNIO

/// Leases rate-limit tokens from Postgres: the one place all API instances agree on how many requests
/// each key's window may still admit.
public struct RateLimitLeaseStore: Sendable {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// Leases up to `want` tokens of the window; returns how many were granted now and in total so far.
    public func lease(
        keyID: UUID, window: String, start: Date, end: Date, limit: Int, want: Int
    ) async throws -> (grantedNow: Int, grantedTotal: Int) {
        do {
            let rows = try await client.query(
                """
                SELECT granted_now, granted_total
                FROM lease_rate_limit_tokens(\(keyID), \(window), \(start), \(end), \(limit)::integer, \(want)::integer)
                """, logger: logger)
            for try await (now, total) in rows.decode((Int, Int).self) { return (now, total) }
            throw StoreError.database(summary: "lease returned no row")
        } catch {
            throw StoreError.wrap(error)
        }
    }

    /// Deletes leases of windows that ended before `cutoff`; returns how many.
    @discardableResult
    public func prune(endedBefore cutoff: Date) async throws -> Int {
        do {
            let rows = try await client.query(
                "DELETE FROM rate_limit_leases WHERE window_end < \(cutoff) RETURNING 1", logger: logger)
            var count = 0
            for try await _ in rows { count += 1 }
            return count
        } catch {
            throw StoreError.wrap(error)
        }
    }
}
