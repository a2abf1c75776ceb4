import MataresitBench
import ArgumentParser
import Foundation
import MataresitRuntime

struct BenchArchiveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "archive",
        abstract:
            "Archive generated request events, then replay the access log from the archive; report bytes/event and replay events/s.",
        discussion: """
            A `bench pipeline` run of the stage hosting the access log and the archive stage (same traffic, same pacing), then \
            `replay --stage requests --archive-only` of the same run: shadow tables built from the archive's \
            zstd segments alone and swapped in over the live ones. Reports the archive's size per event and the \
            replay rate beside the pipeline's end-to-end rate. The archive is written to a temporary folder and \
            removed afterwards. The replay must rebuild every row, or the command fails.
            """)

    @OptionGroup var traffic: BenchTrafficOptions
    @Option(help: "Give up the pipeline run after this many seconds (1...3600).") var timeout = 900
    @Option(help: "Write the results as JSON to this file.") var json: String?
    @Option(help: "Folder of the private PostgreSQL cluster when DATABASE_URL is not set.") var dataDir =
        ".mataresit-bench"

    func validate() throws {
        guard (1...3600).contains(timeout) else { throw ValidationError("--timeout must be 1...3600 seconds") }
    }

    func run() async throws {
        let bench = try BenchEnvironment()
        let pipeline = try bench.environment.pipeline()
        var options = traffic.pipelineOptions
        options.baseline = false
        options.timeout = .seconds(timeout)
        let configured = options, logger = bench.logger
        let result = try await bench.withDatabaseAndKafka(dataDir: dataDir, keep: false, partitions: traffic.partitions)
        {
            database, kafka in
            try await ArchiveBench(
                options: configured, pipeline: pipeline, kafka: kafka, database: database, logger: logger,
                progress: BenchEnvironment.progress
            ).run()
        }
        try BenchEnvironment.report(result.text, result: result, json: json, errors: result.errors)
    }
}
