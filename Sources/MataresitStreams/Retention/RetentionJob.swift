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
        let shortest = policy.accessLogDays.values.min() ?? 7
        let cutoff = now.addingTimeInterval(-Double(shortest) * 86_400)
        let archived = try await archiveHolds(.accessLog, named: "access log", report: &report) {
            try await store.oldestAccessLog(before: cutoff)
        }
        guard archived else { return }
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
        let cutoff = now.addingTimeInterval(-Double(policy.auditDays) * 86_400)
        let archived = try await archiveHolds(.audit, named: "audit log", report: &report) {
            try await store.oldestAudit(before: cutoff)
        }
        guard archived else { return }
        report.deletedAuditRows = try await store.pruneAudit(before: cutoff)
    }

    /// Whether rows of `projection` may be deleted: its stage and input topic are in the pipeline, `oldest` finds
    /// a row past the cutoff (its event time in microseconds), and the archive holds every event of that topic
    /// from there to the stage's position. When the archive falls short, why is noted in `report.skipped`.
    private func archiveHolds(
        _ projection: ProjectionKind, named name: String, report: inout RetentionReport,
        oldest: () async throws -> Int64?
    ) async throws -> Bool {
        guard let stage = pipeline.stage(hosting: projection),
            let topic = stage.inputs.first.flatMap(pipeline.topic(named:)),
            let oldestMicros = try await oldest()
        else { return false }
        let check = ArchiveCoverageCheck(archive: archive, client: client, logger: logger)
        if let problem = try await check.problem(
            stage: stage.name, topic: topic.name, partitions: topic.partitions, oldestMicros: oldestMicros)
        {
            report.skipped.append("\(name): \(problem)")
            return false
        }
        return true
    }
}
