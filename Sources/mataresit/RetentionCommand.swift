import ArgumentParser
import MataresitRuntime
import MataresitStreams

struct RetentionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retention", abstract: "Apply retention now (the worker also runs it hourly).",
        subcommands: [Run.self])

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Drop access-log partitions and rows past their tier's retention (free 7, pro 90, max 365 days) and audit rows past AUDIT_LOG_RETENTION_DAYS, only what the archive (ARCHIVE_URL) already holds."
        )

        func run() async throws {
            let environment = try CommandEnvironment()
            let pipeline = try environment.pipeline()
            let settings = environment.settings
            let report = try await environment.withDatabase(try environment.requiredDatabase()) { client in
                try await RetentionJob(
                    client: client, archive: ArchiveReader(storage: try settings.archive.storage()), pipeline: pipeline,
                    policy: RetentionPolicy(auditDays: settings.monitoring.auditRetentionDays),
                    logger: environment.logger
                ).run()
            }
            emitLine(
                "dropped \(report.droppedPartitions.count) access-log partitions, deleted \(report.deletedAccessLogRows) "
                    + "access-log rows and \(report.deletedAuditRows) audit rows")
            for reason in report.skipped { emitLine("skipped: \(reason)") }
        }
    }
}
