import ArgumentParser
import Foundation
import MataresitRuntime

struct BenchPipelineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pipeline",
        abstract: "Produce generated request events while the stages consume them; report events/s, latency, lag, cost.",
        discussion: """
            The broker is embedded in process unless KAFKA_BROKERS is set; either way the run uses a topic and \
            consumer groups of its own. The stages run in process on a fresh database. The producer sends to \
            explicit partitions (by key) and waits while more than --max-lag events are uncommitted, since the \
            embedded broker keeps only about 5 MiB per partition. Figures: events/s from the first send until \
            every stage committed every event (group join excluded), per stage until its last commit; \
            latency from each event's occurred-at to the first sample (every 50 ms) that sees it committed; \
            CPU of this process and of the whole machine. Every event is checked in the stages' tables at the \
            end: a loss is reported as an error and the command fails.

            \(BenchTraffic.summary)
            """)

    @Option(help: "Events to send (1...5,000,000).") var events = 200_000
    @Option(help: "API keys in the traffic (1...1,000,000).") var keys = 1_000
    @Option(help: "Partitions of the bench topic (1...256).") var partitions = 12
    @Option(
        parsing: .upToNextOption,
        help: "Stages to run (default: access-log usage-summary rate-limit-stats); names or a comma-separated list.")
    var stages: [String] = []
    @Option(help: "Runners per stage in one consumer group (1...16).") var workers = 1
    @Option(help: "Overrides the stages' batch.max_events (1...100,000).") var batchSize: Int?
    @Option(help: "Most uncommitted events before the producer waits (default 10,000 per partition).") var maxLag: Int?
    @Option(help: "Seed of the traffic generator.") var seed: UInt64 = 1
    @Flag(help: "Skip the raw COPY / consume / decode baselines measured before the run.") var noBaseline = false
    @Option(help: "Give up after this many seconds (1...3600).") var timeout = 600
    @Option(help: "Write the results as JSON to this file.") var json: String?
    @Option(help: "Write an SVG chart of throughput and lag over time to this file.") var plot: String?
    @Option(help: "Folder of the private PostgreSQL cluster when DATABASE_URL is not set.") var dataDir = ".mataresit-bench"
    @Flag(help: "Keep the bench database instead of dropping it.") var keepDatabase = false

    var stageNames: [String] { stages.flatMap { $0.split(separator: ",").map(String.init) } }

    func validate() throws {
        guard (1...5_000_000).contains(events) else { throw ValidationError("--events must be 1...5000000") }
        guard (1...1_000_000).contains(keys) else { throw ValidationError("--keys must be 1...1000000") }
        guard (1...256).contains(partitions) else { throw ValidationError("--partitions must be 1...256") }
        guard (1...16).contains(workers) else { throw ValidationError("--workers must be 1...16") }
        guard batchSize.map({ (1...100_000).contains($0) }) ?? true else { throw ValidationError("--batch-size must be 1...100000") }
        guard maxLag.map({ $0 >= 1 }) ?? true else { throw ValidationError("--max-lag must be positive") }
        guard (1...3600).contains(timeout) else { throw ValidationError("--timeout must be 1...3600 seconds") }
    }

    func run() async throws {
        let bench = try BenchEnvironment()
        let pipeline = try bench.environment.pipeline()
        var options = PipelineBenchOptions()
        options.events = events
        options.keys = keys
        options.partitions = Int32(partitions)
        options.stages = stageNames
        options.workers = workers
        options.batchSize = batchSize
        options.maxLag = maxLag
        options.seed = seed
        options.baseline = !noBaseline
        options.timeout = .seconds(timeout)
        let configured = options, logger = bench.logger, brokers = bench.environment.settings.kafkaBrokers
        let partitionCount = Int32(partitions)
        let result = try await bench.withDatabase(dataDir: dataDir, keep: keepDatabase) { database in
            let kafka = try BenchKafka(brokers: brokers, partitions: partitionCount, logger: logger)
            return try await PipelineBench(
                options: configured, pipeline: pipeline, kafka: kafka, database: database, logger: logger,
                progress: BenchEnvironment.progress
            ).run()
        }
        BenchEnvironment.finishProgress()
        emitLine(result.text)
        try BenchEnvironment.writeJSON(result, to: json)
        if let plot { try BenchPlot.svg(result).write(toFile: plot, atomically: true, encoding: .utf8) }
        if !result.errors.isEmpty { throw ExitCode.failure }
    }
}
