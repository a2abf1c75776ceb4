import ArgumentParser
import Foundation
import MataresitRuntime

struct BenchArchiveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "archive",
        abstract: "Archive generated request events, then replay the access log from the archive; report bytes/event and replay events/s.",
        discussion: """
            A `bench pipeline` run of the access-log and archive stages (same traffic, same pacing), then \
            `replay --stage access-log --archive-only` of the same run: shadow tables built from the archive's \
            zstd segments alone and swapped in over the live ones. Reports the archive's size per event and the \
            replay rate beside the pipeline's end-to-end rate. The archive is written to a temporary folder and \
            removed afterwards. The replay must rebuild every row, or the command fails.
            """)

    @Option(help: "Events to send (1...5,000,000).") var events = 200_000
    @Option(help: "API keys in the traffic (1...1,000,000).") var keys = 1_000
    @Option(help: "Partitions of the bench topic (1...256).") var partitions = 12
    @Option(help: "Seed of the traffic generator.") var seed: UInt64 = 1
    @Option(help: "Give up the pipeline run after this many seconds (1...3600).") var timeout = 900
    @Option(help: "Write the results as JSON to this file.") var json: String?
    @Option(help: "Folder of the private PostgreSQL cluster when DATABASE_URL is not set.") var dataDir = ".mataresit-bench"

    func validate() throws {
        guard (1...5_000_000).contains(events) else { throw ValidationError("--events must be 1...5000000") }
        guard (1...1_000_000).contains(keys) else { throw ValidationError("--keys must be 1...1000000") }
        guard (1...256).contains(partitions) else { throw ValidationError("--partitions must be 1...256") }
        guard (1...3600).contains(timeout) else { throw ValidationError("--timeout must be 1...3600 seconds") }
    }

    func run() async throws {
        let bench = try BenchEnvironment()
        let pipeline = try bench.environment.pipeline()
        var options = PipelineBenchOptions()
        options.events = events
        options.keys = keys
        options.partitions = Int32(partitions)
        options.seed = seed
        options.baseline = false
        options.timeout = .seconds(timeout)
        let configured = options, logger = bench.logger, brokers = bench.environment.settings.kafkaBrokers
        let partitionCount = Int32(partitions)
        let result = try await bench.withDatabase(dataDir: dataDir, keep: false) { database in
            let kafka = try BenchKafka(brokers: brokers, partitions: partitionCount, logger: logger)
            return try await ArchiveBench(
                options: configured, pipeline: pipeline, kafka: kafka, database: database, logger: logger,
                progress: BenchEnvironment.progress
            ).run()
        }
        BenchEnvironment.finishProgress()
        emitLine(result.text)
        try BenchEnvironment.writeJSON(result, to: json)
        if !result.errors.isEmpty { throw ExitCode.failure }
    }
}
