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
    var store: RetentionStore { RetentionStore(client: client, logger: logger) }

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
        guard let oldest = try await store.oldestAccessLog(before: cutoff) else { return }
        let check = ArchiveCoverageCheck(archive: archive, client: client, logger: logger)
        if let problem = try await check.problem(
            stage: stage.name, topic: topic.name, partitions: topic.partitions, oldestMicros: oldest)
        {
            report.skipped.append("access log: \(problem)")
            return
        }
        report.droppedPartitions = try await store.dropAccessLogPartitions(
            before: now.addingTimeInterval(-Double(policy.longestAccessLogDays) * 86_400))
        report.deletedAccessLogRows = try await deleteByTier(now: now)
    }

    /// Rows older than their user's tier allows; unknown or anonymous users count as the shortest tier. The ids of
    /// deleted rows the event ledger still covers are recorded there (`LateEventCheck.retiredStage`): a duplicate of
    /// one arriving later is then not stored and counted again by the aggregates that share the access log's stage.
    private func deleteByTier(now: Date) async throws -> Int {
        let cutoffs = policy.accessLogDays.mapValues { now.addingTimeInterval(-Double($0) * 86_400) }
        let fallback = now.addingTimeInterval(-Double(policy.accessLogDays.values.min() ?? 7) * 86_400)
        let ledgerFrom = UTCTime.dayNumber(micros: now.microsecondsSince1970) - Int64(pipeline.eventLedgerKeepDays)
        let ledgerDays = stride(
            from: ledgerFrom, through: UTCTime.dayNumber(micros: fallback.microsecondsSince1970), by: 1
        )
        .map(UTCTime.dateText(dayNumber:))
        return try await store.deleteAccessLogsByTier(cutoffs: cutoffs, fallback: fallback, ledgerDays: ledgerDays)
    }

    private func auditLog(now: Date, report: inout RetentionReport) async throws {
        guard let stage = pipeline.stage(hosting: .audit),
            let topic = stage.inputs.first.flatMap(pipeline.topic(named:))
        else { return }
        let cutoff = now.addingTimeInterval(-Double(policy.auditDays) * 86_400)
        guard let oldest = try await store.oldestAudit(before: cutoff) else { return }
        let check = ArchiveCoverageCheck(archive: archive, client: client, logger: logger)
        if let problem = try await check.problem(
            stage: stage.name, topic: topic.name, partitions: topic.partitions, oldestMicros: oldest)
        {
            report.skipped.append("audit log: \(problem)")
            return
        }
        report.deletedAuditRows = try await store.pruneAudit(before: cutoff)
    }
}
