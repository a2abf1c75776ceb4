import Foundation
import Logging
import MataresitCore
import PostgresNIO

/// The idempotency ledger of the aggregate stages (`stage_applied_events`): inside a stage transaction, records
/// which of a batch's events the stage has never applied, so aggregates are derived only from those.
/// Duplicates (producer retries, spool re-sends, a batch replayed after a crash) come back as already applied.
public enum AppliedEventLedger {
    /// Records the events for `stage` and returns the ids that were new: one `INSERT ... SELECT FROM unnest(...)
    /// ON CONFLICT DO NOTHING RETURNING` over binary arrays (ids, UTC day numbers). Events of days before the
    /// pruning horizon are not recorded (and so not applied: a duplicate of them could no longer be told apart).
    /// Binary arrays replaced a COPY into a temporary staging table: no text parsing, no staging rows.
    public static func recordNew(
        stage: String, events: [AccessLogRow], on connection: PostgresConnection, logger: Logger
    ) async throws -> Set<UUID> {
        guard !events.isEmpty else { return [] }
        let ids = events.map(\.eventID)
        let days = events.map { Int32(UTCTime.dayNumber(micros: $0.occurredAtMicros)) }
        let rows = try await connection.query(
            """
            INSERT INTO stage_applied_events (stage, event_id, day)
            SELECT \(stage), e.id, DATE '1970-01-01' + e.day FROM unnest(\(ids)::uuid[], \(days)::int[]) AS e(id, day)
            WHERE DATE '1970-01-01' + e.day >= (SELECT pruned_before FROM stage_dedupe_horizon)
            ON CONFLICT DO NOTHING
            RETURNING event_id
            """, logger: logger)
        var fresh = Set<UUID>(minimumCapacity: events.count)
        for try await id in rows.decode(UUID.self) { fresh.insert(id) }
        return fresh
    }

    /// Creates the ledger partitions of these UTC days (`yyyy-MM-dd`); idempotent, call outside the transaction.
    public static func ensurePartitions(days: Set<String>, client: PostgresClient, logger: Logger) async throws {
        guard !days.isEmpty else { return }
        let rows = try await client.query(
            "SELECT ensure_stage_applied_partition(day::date) FROM unnest(\(Array(days))::text[]) AS day",
            logger: logger)
        for try await _ in rows {}  // wait for the statement to finish (see AccessLogWriter.ensurePartitions)
    }

    /// Drops ledger days older than `keepDays` before today (UTC) and moves the horizon; returns partitions dropped.
    /// `keepDays` must exceed the longest delay of a duplicate (Kafka retention plus the longest spool outage).
    public static func prune(keepDays: Int, client: PostgresClient, logger: Logger) async throws -> Int {
        let rows = try await client.query("SELECT prune_stage_applied_events(\(keepDays)::int)", logger: logger)
        for try await dropped in rows.decode(Int.self) { return dropped }
        return 0
    }
}
