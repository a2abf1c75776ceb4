import Foundation
import Logging
import MataresitCore
import PostgresNIO

/// The idempotency ledger of the aggregate stages (`stage_applied_events`): inside a stage transaction, records
/// which of a batch's events the stage has never applied, so aggregates are derived only from those.
/// Duplicates (producer retries, spool re-sends, a batch replayed after a crash) come back as already applied.
public enum AppliedEventLedger {
    /// Records the events for `stage` and returns the ids that were new. COPY into a per-connection staging table
    /// and one `INSERT ... ON CONFLICT DO NOTHING RETURNING`; events of days before the pruning horizon are not
    /// recorded (and so not applied: a duplicate of them could no longer be told apart).
    public static func recordNew(
        stage: String, events: [AccessLogRow], on connection: PostgresConnection, logger: Logger
    ) async throws -> Set<UUID> {
        guard !events.isEmpty else { return [] }
        try await connection.query(
            """
            CREATE TEMP TABLE IF NOT EXISTS applied_events_staging (event_id uuid NOT NULL, day date NOT NULL)
                ON COMMIT DELETE ROWS
            """, logger: logger)
        let payload = format(events)
        try await connection.copyFrom(table: "applied_events_staging", columns: ["event_id", "day"], logger: logger) {
            try await $0.write(payload)
        }
        let rows = try await connection.query(
            """
            INSERT INTO stage_applied_events (stage, event_id, day)
            SELECT \(stage), s.event_id, s.day FROM applied_events_staging s
            WHERE s.day >= (SELECT pruned_before FROM stage_dedupe_horizon)
            ON CONFLICT DO NOTHING
            RETURNING event_id
            """, logger: logger)
        var fresh = Set<UUID>(minimumCapacity: events.count)
        for try await id in rows.decode(UUID.self) { fresh.insert(id) }
        return fresh
    }

    /// COPY text of `(event_id, day)`; the day is the event's UTC day.
    static func format(_ events: [AccessLogRow]) -> ByteBuffer {
        var copy = CopyTextFormat(capacity: events.count * 48)
        var dayTexts: [Int64: String] = [:]
        for event in events {
            let day = UTCTime.dayNumber(micros: event.occurredAtMicros)
            let text = dayTexts[day] ?? UTCTime.dateText(dayNumber: day)
            dayTexts[day] = text
            copy.uuid(event.eventID)
            copy.plain(text)
            copy.endRow()
        }
        return copy.buffer
    }

    /// Creates the ledger partitions of these UTC days (`yyyy-MM-dd`); idempotent, call outside the transaction.
    public static func ensurePartitions(days: Set<String>, client: PostgresClient, logger: Logger) async throws {
        guard !days.isEmpty else { return }
        try await client.query(
            "SELECT ensure_stage_applied_partition(day::date) FROM unnest(\(Array(days))::text[]) AS day",
            logger: logger)
    }

    /// Drops ledger days older than `keepDays` before today (UTC) and moves the horizon; returns partitions dropped.
    /// `keepDays` must exceed the longest delay of a duplicate (Kafka retention plus the longest spool outage).
    public static func prune(keepDays: Int, client: PostgresClient, logger: Logger) async throws -> Int {
        let rows = try await client.query("SELECT prune_stage_applied_events(\(keepDays)::int)", logger: logger)
        for try await dropped in rows.decode(Int.self) { return dropped }
        return 0
    }
}
