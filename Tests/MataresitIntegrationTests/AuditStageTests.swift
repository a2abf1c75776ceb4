import Foundation
import Logging
import MataresitCore
import MataresitStore
@_spi(Testing) import MataresitStreams
import Testing

@Suite("Audit stage: hash-chained audit_logs, exactly once")
struct AuditStageTests {
    func runner(_ cluster: TestCluster, _ database: TestDatabase, owner: String, faults: StageFaults = .none) throws
        -> StageRunner<AuditStageProjection>
    {
        let stage = try #require(cluster.pipeline.stage(named: "audit"))
        return StageRunner(
            settings: .faulty(stage: stage, kafka: cluster.configuration, owner: owner, faults: faults),
            projection: AuditStageProjection(), client: database.client, logger: Logger(label: "test-audit-\(owner)"))
    }

    func committed(_ database: TestDatabase) async throws -> Int {
        try await database.scalar(
            "SELECT COALESCE(sum(next_offset), 0)::bigint FROM stage_offsets WHERE stage = 'audit'")
    }

    @Test("a crash between write and commit, duplicates and a restart leave each event once, and the chain verifies")
    func exactlyOnceAndChained() async throws {
        try await TestDatabase.with { database in
            let cluster = try TestCluster(pipeline: try TestPipeline.withSmallBatches(20))
            let events = AuditEvents.mix(count: 200)
            try await AuditEvents.produce(events + events.prefix(50), to: cluster)
            let harness = AggregateStages(database: database, cluster: cluster)

            let crashing = try runner(
                cluster, database, owner: "a", faults: StageFaults { batch in if batch >= 2 { throw InjectedCrash() } })
            let failure = try await harness.run([crashing]) { false }
            #expect(failure is InjectedCrash)
            let rowsAfterCrash = try await database.scalar("SELECT count(*) FROM audit_logs")
            #expect(rowsAfterCrash > 0 && rowsAfterCrash < 200)

            let error = try await harness.run([try runner(cluster, database, owner: "b")]) {
                try await committed(database) >= 250
            }
            #expect(error == nil)
            #expect(try await database.scalar("SELECT count(*) FROM audit_logs") == 200)
            #expect(try await database.scalar("SELECT count(DISTINCT event_id) FROM audit_logs") == 200)
            #expect(try await database.scalar("SELECT max(seq) FROM audit_logs WHERE chain = 'audit'") == 200)
            for type in ["api_key_created", "security_failed_auth_burst", "admin_action", "gdpr_erasure_requested"] {
                #expect(try await database.scalar("SELECT count(*) FROM audit_logs WHERE event_type = \(type)") == 50)
            }
            let verification = try await AuditChainVerifier(client: database.client, logger: database.logger).verify()
            #expect(verification.isIntact)
            #expect(verification.chains.first?.rowsChecked == 200)
        }
    }
}
