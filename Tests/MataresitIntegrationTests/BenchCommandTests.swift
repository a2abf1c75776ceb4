import Foundation
import Logging
import MataresitCore
import MataresitBench
import MataresitRuntime
import MataresitStore
import Testing

/// `mataresit bench pipeline|baseline|api` on small runs: real Postgres (a bench database of its own on the test
/// server), the embedded broker, the real stages and API. Asserts completeness and sanity, never speed.
@Suite("Bench commands (small runs)", .serialized)
struct BenchCommandTests {
    static let logger: Logger = {
        var logger = Logger(label: "bench-test")
        logger.logLevel = .warning
        return logger
    }()

    static func server() throws -> DatabaseConfiguration { try TestDatabase.serverConfiguration() }

    /// `bench pipeline` with these options on a fresh database and an embedded broker of `options.partitions`.
    static func runPipeline(_ options: PipelineBenchOptions) async throws -> PipelineBenchResult {
        let spec = try TestPipeline.load()
        return try await BenchDatabase.with(server: try server(), logger: logger) { database in
            try await PipelineBench(
                options: options, pipeline: spec,
                kafka: try BenchKafka(kafka: KafkaSettings(), partitions: options.partitions, logger: logger),
                database: database,
                logger: logger, progress: { _ in }
            ).run()
        }
    }

    @Test("bench pipeline applies every event in every stage and reports rates, latency and lag")
    func pipeline() async throws {
        var options = PipelineBenchOptions()
        options.events = 3_000
        options.keys = 40
        options.partitions = 3
        options.timeout = .seconds(120)
        let result = try await Self.runPipeline(options)
        #expect(result.errors.isEmpty, "\(result.errors)")
        #expect(result.stages.map(\.name) == ["requests"])
        for stage in result.stages {
            #expect(stage.committed == 3_000)
            #expect(
                stage.verification.hasPrefix("ok") && !stage.verification.contains("LOST"),
                "\(stage.name): \(stage.verification)")
            #expect(stage.eventsPerSecond > 0)
            #expect(stage.latency.count == 3_000)
        }
        #expect(result.latency.count == 3_000)
        #expect(result.latency.p50Ms > 0 && result.latency.p50Ms <= result.latency.p99Ms)
        #expect(result.peakLag > 0 && result.peakLag <= 3_000)
        #expect(result.samples.last?.committed == 3_000)
        let baseline = try #require(result.baseline)
        #expect(baseline.rows == 3_000 && baseline.copyRowsPerSecond > 0 && baseline.consumeEventsPerSecond > 0)
        #expect(result.copyRatio != nil)
        let svg = BenchPlot.svg(result)
        #expect(svg.hasPrefix("<svg") && svg.hasSuffix("</svg>\n") && svg.contains("<polyline"))
        let json = try JSONEncoder().encode(result)
        #expect(try JSONDecoder().decode(PipelineBenchResult.self, from: json).events == 3_000)
    }

    @Test("bench pipeline with one stage and two workers in one group")
    func oneStageTwoWorkers() async throws {
        var options = PipelineBenchOptions()
        options.events = 2_000
        options.keys = 10
        options.partitions = 4
        options.stages = ["requests"]
        options.workers = 2
        options.baseline = false
        options.timeout = .seconds(120)
        let result = try await Self.runPipeline(options)
        #expect(result.errors.isEmpty, "\(result.errors)")
        #expect(result.stages.map(\.name) == ["requests"])
        #expect(result.stages.first?.committed == 2_000)
        #expect(result.baseline == nil)
    }

    @Test("an unknown stage is refused before anything runs")
    func unknownStage() async throws {
        var options = PipelineBenchOptions()
        options.stages = ["no-such-stage"]
        options.partitions = 1
        await #expect(throws: RuntimeError.self) { try await Self.runPipeline(options) }
    }

    @Test("bench api drives the bare route, health, receipts, and health and receipts without events or cache, all 2xx")
    func api() async throws {
        var options = APIBenchOptions()
        options.seconds = 1
        options.connections = 4
        options.threads = 1
        options.receipts = 5
        options.warmupSeconds = 0
        options.rounds = 2
        let spec = try TestPipeline.load(), configured = options
        let result = try await BenchDatabase.with(server: try Self.server(), logger: Self.logger) { database in
            try await APIBench(
                options: configured, pipeline: spec, database: database, logger: Self.logger, progress: { _ in }
            )
            .run()
        }
        #expect(
            result.runs.map(\.path) == [
                "/bench/bare", "/api/v1/health", "/api/v1/receipts", "/api/v1/health", "/api/v1/receipts"
            ])
        #expect(result.text.contains("GET /api/v1/receipts, no cache"))
        #expect(result.errors.isEmpty, "\(result.errors)")
        #expect(result.runs.allSatisfy { $0.requestsPerSecond > 0 && $0.requests > 0 && $0.p99Ms >= $0.p50Ms })
        #expect(result.rounds == 2 && result.text.contains("2 interleaved rounds"))
        #expect(
            result.runs.allSatisfy { $0.roundRequestsPerSecond.count == 2 && $0.roundCPUMicrosPerRequest.count == 2 })
        let ratio = try #require(result.healthRatio)
        #expect(ratio.low <= ratio.median && ratio.median <= ratio.high)
        #expect(result.emissionOverhead != nil && result.emissionCost != nil)
    }

    @Test("outside bench mode the bare route does not exist: 404 in the error envelope")
    func bareRouteOnlyInBenchMode() async throws {
        try await TestDatabase.with { database in
            try await RunningSystem.with(database: database, cluster: try TestCluster(), stages: []) { system in
                let response = try await system.request("GET", "/bench/bare")
                #expect(response.status == 404)
                #expect(response.json?["error"] as? Bool == true)
            }
        }
    }
}
