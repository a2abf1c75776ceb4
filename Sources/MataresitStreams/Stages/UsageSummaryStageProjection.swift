import Logging
import MataresitCore
import MataresitStore
import PostgresNIO

/// usage-summary: `api.request` events into per-key totals (`api_key_usage`) and per-key-day totals
/// (`api_key_usage_daily`): requests, errors, mean and p95/p99 response time, last use. Idempotent through the
/// stage's own event ledger, so it equals the seed's `api_key_usage_summary` over `api_access_logs`.
public final class UsageSummaryStageProjection: StageProjection {
    private let filter: AppliedEventFilter

    /// `stage` names the stage in the event ledger (its declared name, e.g. `usage-summary`).
    public init(stage: String, client: PostgresClient, logger: Logger) {
        filter = AppliedEventFilter(stage: stage, client: client, logger: logger)
    }

    public func prepare(_ events: [EventEnvelope]) async throws -> [AccessLogRow] {
        try await filter.prepare(events)
    }

    public func write(_ rows: [AccessLogRow], on connection: PostgresConnection, logger: Logger) async throws -> Int {
        let fresh = try await filter.newRows(rows, on: connection, logger: logger)
        try await UsageWriter.add(UsageFold.fold(fresh), on: connection, logger: logger)
        return fresh.count
    }
}
