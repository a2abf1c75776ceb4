import Foundation
import PostgresNIO

extension UsageStore {
    /// API usage of the user's keys: all-time totals from the usage projection, requests per UTC day over the last
    /// `days` days, and the ten most requested endpoints (paths) over the same days, read from the access log.
    public func apiUsageAnalytics(userID: UUID, days: Int) async throws -> APIUsageAnalytics {
        return try await StoreError.wrapping {
            let totals = try await client.query(
                """
                SELECT COALESCE(sum(u.total_requests), 0)::bigint, COALESCE(sum(u.error_count), 0)::bigint,
                       COALESCE(sum(u.sum_response_time_ms), 0)::bigint, COALESCE(sum(u.response_time_count), 0)::bigint
                FROM api_key_usage u JOIN api_keys k ON k.id = u.api_key_id WHERE k.user_id = \(userID)
                """, logger: logger)
            var sums: (Int64, Int64, Int64, Int64) = (0, 0, 0, 0)
            for try await row in totals.decode((Int64, Int64, Int64, Int64).self) { sums = row }
            let mean = sums.3 > 0 ? (Double(sums.2) / Double(sums.3) * 100).rounded() / 100 : 0
            return APIUsageAnalytics(
                totalRequests: sums.0, successfulRequests: sums.0 - sums.1, errorRequests: sums.1,
                avgResponseTimeMs: mean, requestsByDay: try await requestsByDay(userID: userID, days: days),
                topEndpoints: try await topEndpoints(userID: userID, days: days))
        }
    }

    private func requestsByDay(userID: UUID, days: Int) async throws -> [APIUsageAnalytics.DayCount] {
        let rows = try await client.query(
            """
            SELECT d.day::text, sum(d.total_requests)::bigint
            FROM api_key_usage_daily d JOIN api_keys k ON k.id = d.api_key_id
            WHERE k.user_id = \(userID) AND d.day > (now() AT TIME ZONE 'UTC')::date - \(days)::int
            GROUP BY d.day ORDER BY d.day
            """, logger: logger)
        var counts: [APIUsageAnalytics.DayCount] = []
        for try await (day, count) in rows.decode((String, Int64).self) {
            counts.append(.init(date: day, count: count))
        }
        return counts
    }

    private func topEndpoints(userID: UUID, days: Int) async throws -> [APIUsageAnalytics.EndpointCount] {
        let rows = try await client.query(
            """
            SELECT endpoint, count(*)
            FROM api_access_logs
            WHERE api_key_id IN (SELECT id FROM api_keys WHERE user_id = \(userID))
              AND "timestamp" >= ((now() AT TIME ZONE 'UTC')::date - \(days)::int + 1)::timestamp AT TIME ZONE 'UTC'
            GROUP BY endpoint ORDER BY count(*) DESC, endpoint LIMIT 10
            """, logger: logger)
        var counts: [APIUsageAnalytics.EndpointCount] = []
        for try await (endpoint, count) in rows.decode((String, Int64).self) {
            counts.append(.init(endpoint: endpoint, count: count))
        }
        return counts
    }
}
