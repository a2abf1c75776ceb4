import MataresitBench
import ArgumentParser
import Foundation
import MataresitCore
import MataresitObjectStore
import MataresitRuntime
import MataresitStreams

struct BenchArchiveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "archive",
        abstract:
            "Archive generated request events, then replay the access log from the archive; report bytes/event and replay events/s.",
        discussion: """
            A `bench pipeline` run of the stage hosting the access log and the archive stage (same traffic, same pacing), then \
            `replay --stage requests --archive-only` of the same run: shadow tables built from the archive's \
            zstd segments alone and swapped in over the live ones. Reports the archive's size per event and the \
            replay rate beside the pipeline's end-to-end rate. The archive is written to a temporary folder (and, with \
            --bucket, in a second run of the same traffic, to the bucket) and removed afterwards. The replay must \
            rebuild every row, or the command fails.
            """)

    @OptionGroup var traffic: BenchTrafficOptions
    @Option(help: "Give up the pipeline run after this many seconds (1...3600).") var timeout = 900
    @Option(help: "Write the results as JSON to this file.") var json: String?
    @Option(help: "Folder of the private PostgreSQL cluster when DATABASE_URL is not set.") var dataDir =
        ".mataresit-bench"
    @Option(
        help: """
            Also run the same traffic with the archive in this bucket, s3://bucket/prefix (AWS_* variables), and report \
            both backends side by side. The run's objects are deleted afterwards.
            """)
    var bucket: String?

    func validate() throws {
        guard (1...3600).contains(timeout) else { throw ValidationError("--timeout must be 1...3600 seconds") }
        if let bucket { _ = try S3Location(url: bucket) }
    }

    func run() async throws {
        let bench = try BenchEnvironment()
        let pipeline = try bench.environment.pipeline()
        var options = traffic.pipelineOptions
        options.baseline = false
        options.timeout = .seconds(timeout)
        var results = [try await measure(options, pipeline: pipeline, bench: bench)]
        if let bucket {
            guard case .objectStore(let location) = try ArchiveLocation(url: bucket) else { return }
            let client = S3Client(configuration: try S3Configuration.fromEnvironment())
            options.archiveBucket = ObjectArchiveStorage(client: client, location: location)
            results.append(try await measure(options, pipeline: pipeline, bench: bench))
        }
        let comparison = ArchiveBackendComparison(results: results)
        try BenchEnvironment.report(
            comparison.text, result: comparison, json: json, errors: results.flatMap { $0.errors })
    }

    private func measure(_ options: PipelineBenchOptions, pipeline: PipelineSpec, bench: BenchEnvironment)
        async throws -> ArchiveBenchResult
    {
        let logger = bench.logger
        return try await bench.withDatabaseAndKafka(dataDir: dataDir, keep: false, partitions: traffic.partitions) {
            database, kafka in
            try await ArchiveBench(
                options: options, pipeline: pipeline, kafka: kafka, database: database, logger: logger,
                progress: BenchEnvironment.progress
            ).run()
        }
    }
}
