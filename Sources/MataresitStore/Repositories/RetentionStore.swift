import Foundation
import Logging
import MataresitCore
import PostgresNIO

/// What retention reads and deletes: the oldest rows older than a cutoff, whole access-log day partitions, rows past
/// their user's tier, and the audit chain's prefix.
public struct RetentionStore: Sendable {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// Event time (µs) of the oldest access-log row before `cutoff`; nil when there is none.
    public func oldestAccessLog(before cutoff: Date) async throws -> Int64? {
        try await oldest(table: "api_access_logs", before: cutoff)
    }

    /// Event time (µs) of the oldest audit row before `cutoff`; nil when there is none.
    public func oldestAudit(before cutoff: Date) async throws -> Int64? {
        try await oldest(table: "audit_logs", before: cutoff)
    }

    private func oldest(table: String, before cutoff: Date) async throws -> Int64? {
        try await StoreError.wrapping {
            let rows = try await client.query(
                """
                SELECT (extract(epoch FROM min("timestamp")) * 1000000)::bigint FROM \(unescaped: table)
                WHERE "timestamp" < \(cutoff)
                """, logger: logger)
            for try await micros in rows.decode(Int64?.self) { return micros }
            return nil
        }
    }

    /// Drops the access log's day partitions (`api_access_logs_YYYYMMDD`) that end at or before `cutoff`.
    public func dropAccessLogPartitions(before cutoff: Date) async throws -> [String] {
        try await StoreError.wrapping {
            let rows = try await client.query(
                """
                SELECT c.relname::text FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                WHERE i.inhparent = 'api_access_logs'::regclass AND c.relname ~ '^api_access_logs_[0-9]{8}$'
                  AND to_date(right(c.relname, 8), 'YYYYMMDD') + 1 <= (\(cutoff)::timestamptz AT TIME ZONE 'UTC')::date
                ORDER BY 1
                """, logger: logger)
            var names: [String] = []
            for try await name in rows.decode(String.self) { names.append(name) }
            // The names matched the pattern above: digits only after a fixed prefix.
            for name in names {
                try await client.query("DROP TABLE IF EXISTS \(unescaped: "\"" + name + "\"")", logger: logger)
            }
            return names
        }
    }

    /// Deletes access-log rows older than their user's tier allows (`cutoffs` by tier; users of no listed tier and
    /// anonymous rows use `fallback`). The ids of deleted rows from `ledgerDays` on are recorded in the event ledger
    /// under `LateEventCheck.retiredStage`, so a late duplicate is not stored and counted again. Returns the count.
    public func deleteAccessLogsByTier(cutoffs: [String: Date], fallback: Date, ledgerDays: [String]) async throws
        -> Int
    {
        try await AppliedEventLedger.ensurePartitions(days: Set(ledgerDays), client: client, logger: logger)
        let tiers = cutoffs.keys.sorted()
        return try await StoreError.wrapping {
            let rows = try await client.query(
                """
                WITH tier_cutoff AS (
                    SELECT * FROM unnest(\(tiers)::text[], \(tiers.map { cutoffs[$0]! })::timestamptz[]) AS t(tier, cutoff)),
                deleted AS (
                    DELETE FROM api_access_logs a
                    WHERE a."timestamp" < COALESCE(
                        (SELECT tc.cutoff FROM users u JOIN tier_cutoff tc ON tc.tier = u.subscription_tier
                         WHERE u.id = a.user_id),
                        \(fallback)::timestamptz)
                    RETURNING a.event_id, (a."timestamp" AT TIME ZONE 'UTC')::date AS day),
                retired AS (
                    INSERT INTO stage_applied_events (stage, event_id, day)
                    SELECT \(LateEventCheck.retiredStage), d.event_id, d.day FROM deleted d
                    WHERE d.day >= \(ledgerDays.first ?? "infinity")::date
                      AND d.day >= (SELECT pruned_before FROM stage_dedupe_horizon)
                    ON CONFLICT DO NOTHING)
                SELECT count(*) FROM deleted
                """, logger: logger)
            for try await count in rows.decode(Int.self) { return count }
            return 0
        }
    }

    /// Prunes the audit chain before `cutoff` (its anchor moves, so the rest still verifies); returns the count.
    public func pruneAudit(before cutoff: Date) async throws -> Int {
        try await StoreError.wrapping {
            try await client.withTransaction(logger: logger) { connection in
                try await AuditLogWriter.pruneBefore(cutoff, on: connection, logger: logger)
            }
        }
    }
}
