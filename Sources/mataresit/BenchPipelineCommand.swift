import MataresitBench
import ArgumentParser
import Foundation
import MataresitRuntime

struct BenchPipelineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pipeline",
        abstract:
            "Produce generated request events while the stages consume them; report events/s, latency, lag, cost.",
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

    @OptionGroup var traffic: BenchTrafficOptions
    @Option(
        parsing: .upToNextOption,
        help:
            "Stages to run (default: every stage hosting only request projections, `requests`); names or a comma-separated list."
    )
    var stages: [String] = []
    @Option(help: "Runners per stage in one consumer group (1...16).") var workers = 1
    @Option(help: "Overrides the stages' batch.max_events (1...100,000).") var batchSize: Int?
    @Option(help: "Most uncommitted events before the producer waits (default 10,000 per partition).") var maxLag: Int?
    @Flag(help: "Skip the raw COPY / consume / decode baselines measured before the run.") var noBaseline = false
    @Option(help: "Give up after this many seconds (1...3600).") var timeout = 600
    @Option(help: "Write the results as JSON to this file.") var json: String?
    @Option(help: "Write an SVG chart of throughput and lag over time to this file.") var plot: String?
    @Option(help: "Folder of the private PostgreSQL cluster when DATABASE_URL is not set.") var dataDir =
        ".mataresit-bench"
    @Flag(help: "Keep the bench database instead of dropping it.") var keepDatabase = false

    var stageNames: [String] { stages.flatMap { $0.split(separator: ",").map(String.init) } }

    func validate() throws {
        guard (1...16).contains(workers) else { throw ValidationError("--workers must be 1...16") }
        guard batchSize.map({ (1...100_000).contains($0) }) ?? true else {
            throw ValidationError("--batch-size must be 1...100000")
        }
        guard maxLag.map({ $0 >= 1 }) ?? true else { throw ValidationError("--max-lag must be positive") }
        guard (1...3600).contains(timeout) else { throw ValidationError("--timeout must be 1...3600 seconds") }
    }

    func run() async throws {
        let bench = try BenchEnvironment()
        let pipeline = try bench.environment.pipeline()
        var options = traffic.pipelineOptions
        options.stages = stageNames
        options.workers = workers
        options.batchSize = batchSize
        options.maxLag = maxLag
        options.baseline = !noBaseline
        options.timeout = .seconds(timeout)
        let configured = options, logger = bench.logger
        let result = try await bench.withDatabaseAndKafka(
            dataDir: dataDir, keep: keepDatabase, partitions: traffic.partitions
        ) { database, kafka in
            try await PipelineBench(
                options: configured, pipeline: pipeline, kafka: kafka, database: database, logger: logger,
                progress: BenchEnvironment.progress
            ).run()
        }
        if let plot { try BenchPlot.svg(result).write(toFile: plot, atomically: true, encoding: .utf8) }
        try BenchEnvironment.report(result.text, result: result, json: json, errors: result.errors)
    }
}
