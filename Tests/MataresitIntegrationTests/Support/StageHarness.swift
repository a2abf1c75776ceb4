import Foundation
import Logging
import MataresitCore
import MataresitStore
import MataresitKafka
@_spi(Testing) import MataresitStreams
import Testing

/// Runs the stage hosting the access log (with whatever else the pipeline hosts there) over a test database and
/// cluster.
struct StageHarness {
    let database: TestDatabase
    let cluster: TestCluster

    var stage: StageSpec { get throws { try #require(cluster.pipeline.stage(hosting: .accessLog)) } }

    func runner(owner: String, faults: StageFaults = .none, gapCheck: RetentionGapCheck? = nil) throws
        -> StageRunner<RequestStageProjection>
    {
        let stage = try stage
        var settings = StageRunner<RequestStageProjection>.Settings(
            stage: stage, kafka: cluster.configuration, owner: owner)
        settings.retentionGapCheck = gapCheck
        settings.faults = faults
        return StageRunner(
            settings: settings,
            projection: try Self.projection(of: stage, database: database, pipeline: cluster.pipeline),
            client: database.client, logger: Logger(label: "test-stage-\(owner)"))
    }

    /// The stage's projections as the runtime builds them (the pipeline's redaction policy).
    static func projection(of stage: StageSpec, database: TestDatabase, pipeline: PipelineSpec) throws
        -> RequestStageProjection
    {
        let keys = SubjectKeyStore(
            client: database.client, wrapper: try KeyWrapper(secret: RunningSystem.encryptionSecret),
            logger: database.logger)
        return RequestStageProjection(
            stage: stage.name, hosting: stage.projections, client: database.client, subjectKeys: keys,
            policy: pipeline.redactionPolicy, logger: database.logger)
    }

    /// Runs the runner until `done` holds (then cancels it) or until it fails; returns its error, if any.
    func run(_ runner: StageRunner<RequestStageProjection>, until done: @escaping @Sendable () async throws -> Bool)
        async throws -> (any Error)?
    {
        try await withThrowingTaskGroup(of: (any Error)?.self) { group in
            group.addTask {
                do {
                    try await runner.run()
                    return nil
                } catch {
                    return error
                }
            }
            group.addTask {
                _ = try await eventually(timeout: .seconds(60), done)
                return nil
            }
            let first = try await group.next()!
            group.cancelAll()
            let second = try await group.next()!
            // The runner stopping because we cancelled it is not a failure.
            return [first, second].compactMap { $0 }.first { !($0 is CancellationError) }
        }
    }

    var rows: Int { get async throws { try await database.scalar("SELECT count(*) FROM api_access_logs") } }
    var distinctEvents: Int {
        get async throws { try await database.scalar("SELECT count(DISTINCT event_id) FROM api_access_logs") }
    }
    /// Sum of committed next offsets over all partitions: how many messages the stage has consumed for good.
    var committedMessages: Int {
        get async throws {
            let name = try stage.name
            return try await database.scalar(
                "SELECT COALESCE(sum(next_offset), 0)::bigint FROM stage_offsets WHERE stage = \(name)")
        }
    }
}

extension StageRunner.Settings {
    /// Settings with failure injection.
    static func faulty(stage: StageSpec, kafka: KafkaConfiguration, owner: String, faults: StageFaults) -> Self {
        var settings = Self(stage: stage, kafka: kafka, owner: owner)
        settings.faults = faults
        return settings
    }
}
