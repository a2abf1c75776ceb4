import Foundation
import Logging
import MataresitCore
import PostgresNIO

/// Adds a batch's usage deltas to `api_key_usage` and `api_key_usage_daily`: one `unnest` upsert per table,
/// keys unique within each statement and sorted, so concurrent workers lock rows in the same order.
public enum UsageWriter {
    public static func add(_ deltas: UsageDeltas, on connection: PostgresConnection, logger: Logger) async throws {
        guard !deltas.isEmpty else { return }
        let perKey = deltas.perKey.sorted { $0.key.byteOrder < $1.key.byteOrder }
        let columns = UsageColumns(perKey.map(\.value))
        try await connection.query(
            """
            INSERT INTO api_key_usage AS u (api_key_id, total_requests, error_count, sum_response_time_ms,
                response_time_count, last_used, latency_histogram)
            SELECT k, t, e, s, c, NULLIF(l, '')::timestamptz, h::bigint[]
            FROM unnest(\(perKey.map(\.key))::uuid[], \(columns.totals)::bigint[], \(columns.errors)::bigint[],
                        \(columns.sums)::bigint[], \(columns.counts)::bigint[], \(columns.lastUsed)::text[],
                        \(columns.histograms)::text[]) AS d(k, t, e, s, c, l, h)
            ON CONFLICT (api_key_id) DO UPDATE SET \(unescaped: addCounters)
            """, logger: logger)
        try await addDaily(deltas.perKeyDay, on: connection, logger: logger)
    }

    /// The upserts' `SET` list: the counters and the histogram add up, `last_used` keeps the later time.
    static let addCounters = """
        total_requests = u.total_requests + EXCLUDED.total_requests,
        error_count = u.error_count + EXCLUDED.error_count,
        sum_response_time_ms = u.sum_response_time_ms + EXCLUDED.sum_response_time_ms,
        response_time_count = u.response_time_count + EXCLUDED.response_time_count,
        last_used = GREATEST(u.last_used, EXCLUDED.last_used),
        latency_histogram = histogram_add(u.latency_histogram, EXCLUDED.latency_histogram),
        updated_at = now()
        """

    private static func addDaily(
        _ perKeyDay: [KeyDay: UsageCounters], on connection: PostgresConnection, logger: Logger
    )
        async throws
    {
        let entries = perKeyDay.sorted {
            ($0.key.apiKeyID.byteOrder.0, $0.key.apiKeyID.byteOrder.1, $0.key.dayNumber) < (
                $1.key.apiKeyID.byteOrder.0, $1.key.apiKeyID.byteOrder.1, $1.key.dayNumber
            )
        }
        let columns = UsageColumns(entries.map(\.value))
        let days = entries.map { UTCTime.dateText(dayNumber: $0.key.dayNumber) }
        try await connection.query(
            """
            INSERT INTO api_key_usage_daily AS u (api_key_id, day, total_requests, error_count, sum_response_time_ms,
                response_time_count, last_used, latency_histogram)
            SELECT k, d::date, t, e, s, c, NULLIF(l, '')::timestamptz, h::bigint[]
            FROM unnest(\(entries.map(\.key.apiKeyID))::uuid[], \(days)::text[], \(columns.totals)::bigint[],
                        \(columns.errors)::bigint[], \(columns.sums)::bigint[], \(columns.counts)::bigint[],
                        \(columns.lastUsed)::text[], \(columns.histograms)::text[]) AS x(k, d, t, e, s, c, l, h)
            ON CONFLICT (api_key_id, day) DO UPDATE SET \(unescaped: addCounters)
            """, logger: logger)
    }
}

/// `UsageCounters` as parallel arrays for an `unnest` upsert. Times and histograms travel as exact text
/// (`timestamptz` to the microsecond, empty for none; `bigint[]` literals).
struct UsageColumns {
    var totals: [Int64] = [], errors: [Int64] = [], sums: [Int64] = [], counts: [Int64] = []
    var lastUsed: [String] = [], histograms: [String] = []

    init(_ counters: [UsageCounters]) {
        for counter in counters {
            totals.append(counter.totalRequests)
            errors.append(counter.errorCount)
            sums.append(counter.sumResponseTimeMs)
            counts.append(counter.responseTimeCount)
            lastUsed.append(counter.lastUsedMicros.map(UTCTime.timestampText(micros:)) ?? "")
            histograms.append("{" + counter.latencyBuckets.map { String($0) }.joined(separator: ",") + "}")
        }
    }
}
