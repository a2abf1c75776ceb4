import Foundation
import MataresitCore
import PostgresNIO
import Testing

/// Compares the usage and rate-limit projections with the seed's views (and plain GROUP BYs) computed over
/// `api_access_logs`, on one connection whose session time zone is UTC (the views' `DATE_TRUNC` uses it).
/// Each check returns human-readable mismatches; empty means equal.
struct UsageOracle {
    let database: TestDatabase

    func withUTC<T>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await database.client.withConnection { connection in
            try await connection.query("SET TIME ZONE 'UTC'", logger: database.logger)
            return try await body(connection)
        }
    }

    /// `api_key_usage_summary` against `api_key_usage`: totals, errors, exact mean, last use; every active key.
    func usageSummaryMismatches(expectedKeys: Int) async throws -> [String] {
        try await withUTC { connection in
            let rows = try await connection.query(
                """
                SELECT v.name, v.total_requests, COALESCE(u.total_requests, 0), v.error_count, COALESCE(u.error_count, 0),
                       v.avg_response_time::text, (u.sum_response_time_ms::numeric / NULLIF(u.response_time_count, 0))::text,
                       v.last_used::text, u.last_used::text
                FROM api_key_usage_summary v JOIN api_keys k ON k.name = v.name AND k.key_prefix = v.key_prefix
                LEFT JOIN api_key_usage u ON u.api_key_id = k.id
                """, logger: database.logger)
            var problems: [String] = [], seen = 0
            for try await row in rows.decode(
                (String, Int64, Int64, Int64, Int64, String?, String?, String?, String?).self)
            {
                seen += 1
                if row.1 != row.2 { problems.append("\(row.0): total \(row.1) vs \(row.2)") }
                if row.3 != row.4 { problems.append("\(row.0): errors \(row.3) vs \(row.4)") }
                if row.5 != row.6 { problems.append("\(row.0): avg \(row.5 ?? "nil") vs \(row.6 ?? "nil")") }
                if row.7 != row.8 { problems.append("\(row.0): last_used \(row.7 ?? "nil") vs \(row.8 ?? "nil")") }
            }
            if seen != expectedKeys { problems.append("the view has \(seen) keys, expected \(expectedKeys)") }
            return problems
        }
    }

    /// `api_key_usage_daily` against a per-key per-UTC-day GROUP BY over the access log.
    func dailyMismatches() async throws -> Int {
        try await database.scalar(
            """
            WITH truth AS (
                SELECT api_key_id, ("timestamp" AT TIME ZONE 'UTC')::date AS day, count(*) AS t,
                       count(*) FILTER (WHERE status_code >= 400) AS e, sum(response_time_ms) AS s,
                       count(response_time_ms) AS c, max("timestamp") AS l
                FROM api_access_logs WHERE api_key_id IS NOT NULL GROUP BY 1, 2)
            SELECT count(*) FROM truth FULL JOIN api_key_usage_daily d USING (api_key_id, day)
            WHERE (truth.t, truth.e, truth.s, truth.c, truth.l)
                IS DISTINCT FROM (d.total_requests, d.error_count, d.sum_response_time_ms, d.response_time_count, d.last_used)
            """)
    }

    /// p95/p99 of each key's histogram against `percentile_disc` over its rows (exact below 32 ms, else 1/32).
    func percentileMismatches() async throws -> [String] {
        let rows = try await database.client.query(
            """
            SELECT a.api_key_id, percentile_disc(0.95) WITHIN GROUP (ORDER BY a.response_time_ms),
                   percentile_disc(0.99) WITHIN GROUP (ORDER BY a.response_time_ms), u.latency_histogram
            FROM api_access_logs a JOIN api_key_usage u ON u.api_key_id = a.api_key_id
            GROUP BY a.api_key_id, u.latency_histogram
            """, logger: database.logger)
        var problems: [String] = []
        for try await (key, p95, p99, histogram) in rows.decode((UUID, Int, Int, [Int64]).self) {
            for (p, truth) in [(0.95, p95), (0.99, p99)] {
                let estimate = LatencyHistogram.percentile(p, of: histogram) ?? -1
                let allowed = truth < LatencyHistogram.exactLimit ? 0 : Double(truth) / 32
                if Double(abs(estimate - truth)) > allowed { problems.append("\(key) p\(p): \(estimate) vs \(truth)") }
            }
        }
        return problems
    }

    /// `rate_limit_stats` (last 24 h) against `rate_limit_hourly_total` for the same hours: totals, 429s, percentage.
    /// `recentHours` must leave no events between 24 and 25 hours ago, so the window's first hour is whole.
    func rateLimitStatsMismatches() async throws -> [String] {
        try await withUTC { connection in
            let rows = try await connection.query(
                """
                SELECT COALESCE(v.hour, p.hour)::text, v.total_requests, p.total_requests, v.rate_limited_requests,
                       p.rate_limited_requests, v.rate_limit_percentage::text,
                       ROUND(p.rate_limited_requests::numeric / p.total_requests * 100, 2)::text
                FROM rate_limit_stats v
                FULL JOIN (SELECT * FROM rate_limit_hourly_total WHERE hour > now() - interval '25 hours') p
                    ON p.hour = v.hour
                """, logger: database.logger)
            var problems: [String] = []
            for try await row in rows.decode((String, Int64?, Int64?, Int64?, Int64?, String?, String?).self)
            where row.1 != row.2 || row.3 != row.4 || row.5 != row.6 {
                problems.append(
                    "\(row.0): view \(row.1 ?? -1)/\(row.3 ?? -1)/\(row.5 ?? "-") vs \(row.2 ?? -1)/\(row.4 ?? -1)/\(row.6 ?? "-")"
                )
            }
            return problems
        }
    }

    /// Every hour (also older than the view's window), overall and per key, against GROUP BYs over the access log.
    func allHoursMismatches() async throws -> Int {
        let overall = try await database.scalar(
            """
            WITH truth AS (
                SELECT date_trunc('hour', "timestamp" AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS hour, count(*) AS t,
                       count(*) FILTER (WHERE status_code = 429) AS l
                FROM api_access_logs GROUP BY 1)
            SELECT count(*) FROM truth FULL JOIN rate_limit_hourly_total p USING (hour)
            WHERE (truth.t, truth.l) IS DISTINCT FROM (p.total_requests, p.rate_limited_requests)
            """)
        let perKey = try await database.scalar(
            """
            WITH truth AS (
                SELECT api_key_id, date_trunc('hour', "timestamp" AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS hour,
                       count(*) AS t, count(*) FILTER (WHERE status_code = 429) AS l
                FROM api_access_logs WHERE api_key_id IS NOT NULL GROUP BY 1, 2)
            SELECT count(*) FROM truth FULL JOIN rate_limit_hourly p USING (api_key_id, hour)
            WHERE (truth.t, truth.l) IS DISTINCT FROM (p.total_requests, p.rate_limited_requests)
            """)
        return overall + perKey
    }

    /// Every check at once, as one list of problems.
    func allMismatches(expectedKeys: Int) async throws -> [String] {
        var problems = try await usageSummaryMismatches(expectedKeys: expectedKeys)
        let daily = try await dailyMismatches()
        if daily > 0 { problems.append("\(daily) per-key-day rows differ") }
        problems += try await percentileMismatches()
        problems += try await rateLimitStatsMismatches()
        let hours = try await allHoursMismatches()
        if hours > 0 { problems.append("\(hours) hourly rows differ") }
        return problems
    }
}
