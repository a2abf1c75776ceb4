import Foundation
import Logging
import PostgresNIO

/// Reads the usage-summary and rate-limit-stats projections for one user's keys.
public struct UsageStore: Sendable {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// Overall usage of each of the user's keys (keys never used included, with zero requests).
    public func keyUsage(userID: UUID) async throws -> [KeyUsage] {
        try await read(
            """
            SELECT k.id, k.name, k.key_prefix, NULL::text, COALESCE(u.total_requests, 0), COALESCE(u.error_count, 0),
                   COALESCE(u.sum_response_time_ms, 0), COALESCE(u.response_time_count, 0), u.last_used,
                   COALESCE(u.latency_histogram, '{}')
            FROM api_keys k LEFT JOIN api_key_usage u ON u.api_key_id = k.id
            WHERE k.user_id = \(userID) ORDER BY k.created_at, k.id
            """)
    }

    /// Per-day usage of the user's keys over the last `days` UTC days (today included), newest first.
    public func dailyUsage(userID: UUID, days: Int) async throws -> [KeyUsage] {
        try await read(
            """
            SELECT d.api_key_id, NULL::text, NULL::text, d.day::text, d.total_requests, d.error_count,
                   d.sum_response_time_ms, d.response_time_count, d.last_used, d.latency_histogram
            FROM api_key_usage_daily d JOIN api_keys k ON k.id = d.api_key_id
            WHERE k.user_id = \(userID) AND d.day > (now() AT TIME ZONE 'UTC')::date - \(days)::int
            ORDER BY d.day DESC, d.api_key_id
            """)
    }

    private func read(_ query: PostgresQuery) async throws -> [KeyUsage] {
        return try await StoreError.wrapping {
            let rows = try await client.query(query, logger: logger)
            var usage: [KeyUsage] = []
            for try await row in rows.decode(
                (UUID, String?, String?, String?, Int64, Int64, Int64, Int64, Date?, [Int64]).self)
            {
                usage.append(
                    KeyUsage(
                        apiKeyID: row.0, name: row.1, keyPrefix: row.2, date: row.3,
                        totals: (row.4, row.5, row.6, row.7),
                        lastUsed: row.8, histogram: row.9))
            }
            return usage
        }
    }
}
