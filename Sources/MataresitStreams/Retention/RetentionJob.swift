import Foundation
import Logging
import MataresitCore
import MataresitStore
import PostgresNIO

/// Deletes what retention allows, and only what the archive already holds: access-log day partitions older than
/// the longest tier retention are dropped whole, younger rows of shorter tiers deleted; audit rows older than
/// the audit retention pruned through the audit chain (its anchor moves, so the rest still verifies).
public struct RetentionJob: Sendable {
    let client: PostgresClient
    let archive: ArchiveReader
    let pipeline: PipelineSpec
    let policy: RetentionPolicy
    let logger: Logger

    public init(
        client: PostgresClient, archive: ArchiveReader, pipeline: PipelineSpec, policy: RetentionPolicy, logger: Logger
    ) {
        self.client = client
        self.archive = archive
        self.pipeline = pipeline
        self.policy = policy
        self.logger = logger
    }

    public func run(now: Date = Date()) async throws -> RetentionReport {
        var report = RetentionReport()
        try await accessLog(now: now, report: &report)
        try await auditLog(now: now, report: &report)
        logger.info(
            "retention run",
            metadata: [
                "dropped_partitions": "\(report.droppedPartitions.count)",
                "access_log_rows": "\(report.deletedAccessLogRows)",
                "audit_rows": "\(report.deletedAuditRows)", "skipped": "\(report.skipped)"
            ])
        return report
    }

    private func accessLog(now: Date, report: inout RetentionReport) async throws {
        guard let stage = pipeline.stage(hosting: .accessLog),
            let topic = stage.inputs.first.flatMap(pipeline.topic(named:))
        else { return }
        let shortest = policy.accessLogDays.values.min() ?? 7
        let cutoff = now.addingTimeInterval(-Double(shortest) * 86_400)
        guard let oldest = try await oldestAccessLog(before: cutoff) else { return }
        let check = ArchiveCoverageCheck(archive: archive, client: client, logger: logger)
        if let problem = try await check.problem(
            stage: stage.name, topic: topic.name, partitions: topic.partitions, oldestMicros: oldest)
        {
            report.skipped.append("access log: \(problem)")
            return
        }
        report.droppedPartitions = try await dropPartitions(
            before: now.addingTimeInterval(-Double(policy.longestAccessLogDays) * 86_400))
        report.deletedAccessLogRows = try await deleteByTier(now: now)
    }

    private func oldestAccessLog(before cutoff: Date) async throws -> Int64? {
        let rows = try await client.query(
            """
            SELECT (extract(epoch FROM min("timestamp")) * 1000000)::bigint FROM api_access_logs WHERE "timestamp" < \(cutoff)
            """, logger: logger)
        for try await micros in rows.decode(Int64?.self) { return micros }
        return nil
    }

    /// Drops day partitions that end at or before `cutoff` (names `api_access_logs_YYYYMMDD`).
    private func dropPartitions(before cutoff: Date) async throws -> [String] {
        let rows = try await client.query(
            """
            SELECT c.relname::text FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = 'api_access_logs'::regclass AND c.relname ~ '^api_access_logs_[0-9]{8}$'
              AND to_date(right(c.relname, 8), 'YYYYMMDD') + 1 <= (\(cutoff)::timestamptz AT TIME ZONE 'UTC')::date
            ORDER BY 1
            """, logger: logger)
        var names: [String] = []
        for try await name in rows.decode(String.self) { names.append(name) }
        for name in names {
            try await client.query("DROP TABLE IF EXISTS \(unescaped: "\"" + name + "\"")", logger: logger)
        }
        return names
    }

    /// Rows older than their user's tier allows; unknown or anonymous users count as the shortest tier. The ids of
    /// deleted rows the event ledger still covers are recorded there (`LateEventCheck.retiredStage`): a duplicate of
    /// one arriving later is then not stored and counted again by the aggregates that share the access log's stage.
    private func deleteByTier(now: Date) async throws -> Int {
        let tiers = policy.accessLogDays.keys.sorted()
        let cutoffs = tiers.map { now.addingTimeInterval(-Double(policy.accessLogDays[$0]!) * 86_400) }
        let fallback = now.addingTimeInterval(-Double(policy.accessLogDays.values.min() ?? 7) * 86_400)
        let ledgerFrom = UTCTime.dayNumber(micros: now.microsecondsSince1970) - Int64(pipeline.eventLedgerKeepDays)
        let ledgerDays = stride(
            from: ledgerFrom, through: UTCTime.dayNumber(micros: fallback.microsecondsSince1970), by: 1
        )
        .map(UTCTime.dateText(dayNumber:))
        try await AppliedEventLedger.ensurePartitions(days: Set(ledgerDays), client: client, logger: logger)
        let rows = try await client.query(
            """
            WITH tier_cutoff AS (SELECT * FROM unnest(\(tiers)::text[], \(cutoffs)::timestamptz[]) AS t(tier, cutoff)),
            deleted AS (
                DELETE FROM api_access_logs a
                WHERE a."timestamp" < COALESCE(
                    (SELECT tc.cutoff FROM users u JOIN tier_cutoff tc ON tc.tier = u.subscription_tier WHERE u.id = a.user_id),
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

    private func auditLog(now: Date, report: inout RetentionReport) async throws {
        guard let stage = pipeline.stage(hosting: .audit),
            let topic = stage.inputs.first.flatMap(pipeline.topic(named:))
        else { return }
        let cutoff = now.addingTimeInterval(-Double(policy.auditDays) * 86_400)
        let rows = try await client.query(
            "SELECT (extract(epoch FROM min(\"timestamp\")) * 1000000)::bigint FROM audit_logs WHERE \"timestamp\" < \(cutoff)",
            logger: logger)
        var oldest: Int64?
        for try await micros in rows.decode(Int64?.self) { oldest = micros }
        guard let oldest else { return }
        let check = ArchiveCoverageCheck(archive: archive, client: client, logger: logger)
        if let problem = try await check.problem(
            stage: stage.name, topic: topic.name, partitions: topic.partitions, oldestMicros: oldest)
        {
            report.skipped.append("audit log: \(problem)")
            return
        }
        report.deletedAuditRows = try await client.withTransaction(logger: logger) { connection in
            try await AuditLogWriter.pruneBefore(cutoff, on: connection, logger: logger)
        }
    }
}
