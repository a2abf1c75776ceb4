import Foundation
import Logging
import MataresitCore
import PostgresNIO

/// Adds a batch's rate-limit deltas to `rate_limit_hourly` and `rate_limit_hourly_total`: one sorted `unnest`
/// upsert per table. Hours travel as exact UTC text, so they match `date_trunc('hour', ...)` in UTC.
public enum RateLimitWriter {
    public static func add(_ deltas: RateLimitDeltas, on connection: PostgresConnection, logger: Logger) async throws {
        guard !deltas.isEmpty else { return }
        let hours = deltas.perHour.sorted { $0.key < $1.key }
        try await connection.query(
            """
            INSERT INTO rate_limit_hourly_total AS r (hour, total_requests, rate_limited_requests)
            SELECT h::timestamptz, t, l
            FROM unnest(\(hours.map { UTCTime.timestampText(micros: $0.key) })::text[],
                        \(hours.map(\.value.totalRequests))::bigint[],
                        \(hours.map(\.value.rateLimitedRequests))::bigint[]) AS d(h, t, l)
            ON CONFLICT (hour) DO UPDATE SET
                total_requests = r.total_requests + EXCLUDED.total_requests,
                rate_limited_requests = r.rate_limited_requests + EXCLUDED.rate_limited_requests
            """, logger: logger)
        guard !deltas.perKeyHour.isEmpty else { return }
        let keyed = deltas.perKeyHour.sorted {
            ($0.key.apiKeyID.byteOrder.0, $0.key.apiKeyID.byteOrder.1, $0.key.hourMicros) < (
                $1.key.apiKeyID.byteOrder.0, $1.key.apiKeyID.byteOrder.1, $1.key.hourMicros
            )
        }
        try await connection.query(
            """
            INSERT INTO rate_limit_hourly AS r (api_key_id, hour, total_requests, rate_limited_requests)
            SELECT k, h::timestamptz, t, l
            FROM unnest(\(keyed.map(\.key.apiKeyID))::uuid[],
                        \(keyed.map { UTCTime.timestampText(micros: $0.key.hourMicros) })::text[],
                        \(keyed.map(\.value.totalRequests))::bigint[],
                        \(keyed.map(\.value.rateLimitedRequests))::bigint[]) AS d(k, h, t, l)
            ON CONFLICT (api_key_id, hour) DO UPDATE SET
                total_requests = r.total_requests + EXCLUDED.total_requests,
                rate_limited_requests = r.rate_limited_requests + EXCLUDED.rate_limited_requests
            """, logger: logger)
    }
}
