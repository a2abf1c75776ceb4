import Foundation
import Logging
import MataresitCore
import MataresitKafka
import MataresitStore
import Testing

@testable import MataresitStreams

/// Retention deletes access-log rows past their tier's retention, and only once the archive holds them.
@Suite("Retention", .serialized)
struct RetentionTests {
    @Test("old partitions and expired tier rows go only after the archive holds them; the rest stays")
    func dropsOnlyArchived() async throws {
        try await TestDatabase.with { database in
            let cluster = try TestCluster()
            let folder = NSTemporaryDirectory() + "retention-test-" + UUID().uuidString
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let free = UUID(), pro = UUID()
            for (id, tier) in [(free, "free"), (pro, "pro")] {
                try await database.client.query(
                    "INSERT INTO users (id, email, subscription_tier) VALUES (\(id), \(tier + "@retention.test"), \(tier))",
                    logger: database.logger)
            }
            let day: TimeInterval = 86_400
            let events =
                EventFactory.requestEvents(count: 60, keys: [free, pro], at: Date().addingTimeInterval(-400 * day))
                + EventFactory.requestEvents(count: 60, keys: [free, pro], at: Date().addingTimeInterval(-30 * day))
                + EventFactory.requestEvents(count: 60, keys: [free, pro], at: Date())
            try await EventFactory.produce(events, to: cluster)
            let harness = StageHarness(database: database, cluster: cluster)
            #expect(
                try await harness.run(try harness.runner(owner: "w")) { try await harness.committedMessages >= 180 }
                    == nil)
            let job = RetentionJob(
                client: database.client, archive: ArchiveReader(directory: folder), pipeline: cluster.pipeline,
                policy: RetentionPolicy(), logger: Logger(label: "test-retention"))

            let before = try await job.run()
            #expect(before.droppedPartitions.isEmpty && before.deletedAccessLogRows == 0)
            #expect(before.skipped.count == 1, "the access log is skipped: nothing archived yet")
            #expect(try await harness.rows == 180)

            let spec = try #require(cluster.pipeline.stage(named: "archive"))
            let archive = ArchiveStage(
                settings: .init(
                    stage: spec, kafka: cluster.configuration, owner: "a", storage: FolderArchiveStorage(root: folder)),
                client: database.client, logger: Logger(label: "test-archive"))
            #expect(
                try await runService(archive) {
                    try await database.scalar(
                        "SELECT COALESCE(sum(next_offset), 0)::bigint FROM stage_offsets WHERE stage = 'archive'")
                        >= 180
                })

            let after = try await job.run()
            #expect(after.skipped.isEmpty)
            #expect(after.droppedPartitions.count == 1, "the 400-day-old day partition")
            #expect(after.deletedAccessLogRows == 30, "the free user's 30-day-old rows; the pro user's stay")
            #expect(try await harness.rows == 90)
            #expect(try await database.scalar("SELECT count(*) FROM api_access_logs WHERE user_id = \(pro)") == 60)
            #expect(try await database.scalar("SELECT count(*) FROM api_access_logs WHERE user_id = \(free)") == 30)

            // Every event arrives again (a spool re-send) after the daily ledger prune. The shared stage's aggregates
            // count none of them twice: the access log holds the recent ones, retention recorded the ids of the rows
            // it deleted, and the 400-day-old ones are before the ledger's horizon (stored again, never counted).
            #expect(
                try await database.scalar(
                    "SELECT count(*) FROM stage_applied_events WHERE stage = \(LateEventCheck.retiredStage)") == 30)
            _ = try await AppliedEventLedger.prune(
                keepDays: cluster.pipeline.eventLedgerKeepDays, client: database.client, logger: database.logger)
            let counted = try await database.scalar("SELECT sum(total_requests)::bigint FROM rate_limit_hourly_total")
            #expect(counted == 180)
            try await EventFactory.produce(events, to: cluster)
            #expect(
                try await harness.run(try harness.runner(owner: "again")) { try await harness.committedMessages >= 360 }
                    == nil)
            #expect(
                try await database.scalar("SELECT sum(total_requests)::bigint FROM rate_limit_hourly_total") == counted)
            #expect(try await database.scalar("SELECT sum(total_requests)::bigint FROM api_key_usage") == counted)
            #expect(
                try await database.scalar("SELECT count(*) FROM api_access_logs WHERE user_id = \(free)") == 30 + 30)
            #expect(try await harness.rows == 90 + 60, "only the 400-day-old events are stored again")
        }
    }

    @Test(
        "audit rows past AUDIT_LOG_RETENTION_DAYS go only after the archive (a folder, a bucket) holds them, and the chain still verifies",
        arguments: ["folder", "bucket"])
    func auditRowsOnlyAfterArchive(backend: String) async throws {
        guard backend == "folder" || TestBucket.available else { return }  // no moto outside the test command
        try await TestDatabase.with { database in
            let cluster = try TestCluster()
            let folder = NSTemporaryDirectory() + "retention-audit-" + UUID().uuidString
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let storage: any ArchiveStorage =
                backend == "bucket" ? try await TestBucket.make() : FolderArchiveStorage(root: folder)
            let day: TimeInterval = 86_400
            let spec = try #require(cluster.pipeline.stage(named: "audit"))
            // Old rows first, then new ones, as they would have arrived: the prune drops the chain's old prefix.
            for (age, total) in [(400.0, 40), (10.0, 80)] {
                try await AuditEvents.produce(
                    AuditEvents.mix(count: 40, at: Date().addingTimeInterval(-age * day)), to: cluster)
                let audit = StageRunner(
                    settings: .init(stage: spec, kafka: cluster.configuration, owner: "w"),
                    projection: AuditStageProjection(), client: database.client, logger: Logger(label: "test-audit"))
                #expect(try await runService(audit) { try await committed("audit", database) >= total })
            }
            let job = RetentionJob(
                client: database.client, archive: ArchiveReader(storage: storage), pipeline: cluster.pipeline,
                policy: RetentionPolicy(auditDays: 365), logger: Logger(label: "test-retention"))

            let before = try await job.run()
            #expect(before.deletedAuditRows == 0)
            #expect(before.skipped.contains { $0.hasPrefix("audit log:") }, "\(before.skipped)")
            #expect(try await database.scalar("SELECT count(*) FROM audit_logs") == 80)

            let archive = ArchiveStage(
                settings: .init(
                    stage: try #require(cluster.pipeline.stage(named: "archive")), kafka: cluster.configuration,
                    owner: "a", storage: storage),
                client: database.client, logger: Logger(label: "test-archive"))
            #expect(try await runService(archive) { try await committed("archive", database) >= 80 })

            let after = try await job.run()
            #expect(after.deletedAuditRows == 40, "\(after.skipped)")
            #expect(try await database.scalar("SELECT count(*) FROM audit_logs") == 40)
            let verification = try await AuditChainVerifier(client: database.client, logger: database.logger).verify()
            #expect(verification.isIntact, "the rows after the pruned prefix still verify")
        }
    }

    func committed(_ stage: String, _ database: TestDatabase) async throws -> Int {
        try await database.scalar(
            "SELECT COALESCE(sum(next_offset), 0)::bigint FROM stage_offsets WHERE stage = \(stage)")
    }

    @Test("a stored offset below the oldest kept offset is a gap naming stage, partition and range")
    func retentionGapDescribed() {
        #expect(RetentionGapCheck.gap(next: 10, oldestRetained: 10) == nil)
        #expect(RetentionGapCheck.gap(next: 12, oldestRetained: 10) == nil)
        let missing = RetentionGapCheck.gap(next: 3, oldestRetained: 10)
        #expect(missing == 3...9)
        let gap = RetentionGap(
            stage: "access-log", partition: TopicPartition(topic: "api.requests.v1", partition: 4), missing: 3...9,
            archived: false)
        #expect(gap.description.contains("stage access-log") && gap.description.contains("api.requests.v1[4]"))
        #expect(gap.description.contains("3...9"))
    }
}
