import Foundation
import PostgresNIO

extension UsageStore {
    /// Hourly requests and 429s of the user's keys for hours starting in `[from, to)`, newest first.
    public func hourlyRateLimits(userID: UUID, from: Date, to: Date) async throws -> [HourlyRateLimit] {
        return try await StoreError.wrapping {
            let rows = try await client.query(
                """
                SELECT r.hour, r.api_key_id, r.total_requests, r.rate_limited_requests
                FROM rate_limit_hourly r JOIN api_keys k ON k.id = r.api_key_id
                WHERE k.user_id = \(userID) AND r.hour >= \(from) AND r.hour < \(to)
                ORDER BY r.hour DESC, r.api_key_id
                """, logger: logger)
            var hours: [HourlyRateLimit] = []
            for try await (hour, key, total, limited) in rows.decode((Date, UUID, Int64, Int64).self) {
                hours.append(
                    HourlyRateLimit(hour: hour, apiKeyID: key, totalRequests: total, rateLimitedRequests: limited))
            }
            return hours
        }
    }
}
