import Foundation
import Logging
import MataresitCore
import MataresitStore
@_spi(Testing) import MataresitStreams
import ServiceLifecycle
import Testing

/// Builds and runs the stages hosting the request projections (access log, usage summary, rate-limit statistics)
/// together over a test database: one stage with the shipped pipeline, three with `TestPipeline.separateStages`.
struct AggregateStages {
    let database: TestDatabase
    let cluster: TestCluster

    /// The stages hosting request projections, in pipeline order.
    var names: [String] {
        cluster.pipeline.stages.filter { $0.projections.allSatisfy(\.projectsRequests) }.map(\.name)
    }

    /// The runner of one of `names`, as `StageFactory` builds it.
    func runner(_ name: String, owner: String, faults: StageFaults = .none) throws -> any Service {
        let stage = try #require(cluster.pipeline.stage(named: name))
        return StageRunner(
            settings: .faulty(stage: stage, kafka: cluster.configuration, owner: owner, faults: faults),
            projection: try StageHarness.projection(of: stage, database: database, pipeline: cluster.pipeline),
            client: database.client, logger: Logger(label: "test-\(name)-\(owner)"))
    }

    /// A runner for every one of `names`.
    func runners(owner: String, faults: StageFaults = .none) throws -> [any Service] {
        try names.map { try runner($0, owner: owner, faults: faults) }
    }

    /// Runs the services until `done` holds (then cancels them) or one fails; returns the first error.
    func run(_ services: [any Service], until done: @escaping @Sendable () async throws -> Bool) async throws
        -> (any Error)?
    {
        try await withThrowingTaskGroup(of: (any Error)?.self) { group in
            for service in services {
                group.addTask {
                    do {
                        try await service.run()
                        return nil
                    } catch {
                        return error
                    }
                }
            }
            group.addTask {
                _ = try await eventually(timeout: .seconds(120), done)
                return nil
            }
            var firstError = try await group.next()!
            group.cancelAll()
            while let next = try await group.next() { firstError = firstError ?? next }
            return firstError
        }
    }

    /// Messages a stage has consumed for good (sum of committed next offsets; the test topics start at 0).
    func committed(_ stage: String) async throws -> Int {
        try await database.scalar(
            "SELECT COALESCE(sum(next_offset), 0)::bigint FROM stage_offsets WHERE stage = \(stage)")
    }

    /// Whether every stage in `stages` has committed `messages` messages.
    func allCommitted(_ messages: Int, stages: [String]? = nil) async throws -> Bool {
        for stage in stages ?? names {
            if try await committed(stage) < messages { return false }
        }
        return true
    }
}
