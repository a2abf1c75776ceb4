import Logging
import MataresitCore
import MataresitStore
import PostgresNIO

/// rate-limit-stats: `api.request` events into per-hour (event time, UTC) totals and 429 counts, per key
/// (`rate_limit_hourly`) and overall (`rate_limit_hourly_total`). Late events land in the hour they happened.
/// Idempotent through the stage's own event ledger, so it equals the seed's `rate_limit_stats` for every hour.
public final class RateLimitStatsStageProjection: StageProjection {
    private let filter: AppliedEventFilter

    /// `stage` names the stage in the event ledger (its declared name, e.g. `rate-limit-stats`).
    public init(stage: String, client: PostgresClient, logger: Logger) {
        filter = AppliedEventFilter(stage: stage, client: client, logger: logger)
    }

    public func prepare(_ events: [EventEnvelope]) async throws -> [AccessLogRow] {
        try await filter.prepare(events)
    }

    public func write(_ rows: [AccessLogRow], on connection: PostgresConnection, logger: Logger) async throws -> Int {
        let fresh = try await filter.newRows(rows, on: connection, logger: logger)
        try await RateLimitWriter.add(RateLimitFold.fold(fresh), on: connection, logger: logger)
        return fresh.count
    }
}
