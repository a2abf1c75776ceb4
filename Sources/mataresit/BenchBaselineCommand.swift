import MataresitBench
import ArgumentParser
import Foundation
import MataresitRuntime

struct BenchBaselineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baseline",
        abstract: "The limits the pipeline is judged against: raw COPY, raw consume and decode of the same events.",
        discussion: """
            Generates the events of `bench pipeline` (same mix, same seed), then measures in one run: one COPY \
            stream of their access-log rows into api_access_logs (formatting included, partitions made first), \
            fetching them from the broker from the beginning without decoding (embedded broker unless \
            KAFKA_BROKERS), and decoding them on one core. `bench pipeline` measures the same before its run \
            and prints its ratio to the COPY rate.
            """)

    @OptionGroup var traffic: BenchTrafficOptions
    @Option(help: "Write the results as JSON to this file.") var json: String?
    @Option(help: "Folder of the private PostgreSQL cluster when DATABASE_URL is not set.") var dataDir =
        ".mataresit-bench"

    func run() async throws {
        let bench = try BenchEnvironment()
        let pipeline = try bench.environment.pipeline()
        let logger = bench.logger, kafkaSettings = bench.environment.settings.kafka
        let (events, keys, seed, partitions) = (traffic.events, traffic.keys, traffic.seed, Int32(traffic.partitions))
        let result = try await bench.withDatabase(dataDir: dataDir, keep: false) { database in
            try await BaselineBench.run(
                events: events, keys: keys, seed: seed, pipeline: pipeline, database: database,
                kafka: try BenchKafka(kafka: kafkaSettings, partitions: partitions, logger: logger)
                    .keepRunningUntilProcessExit(),
                logger: logger)
        }
        emitLine("bench baseline (\(Self.build) build): \(events) events")
        result.lines.forEach(emitLine)
        try BenchEnvironment.writeJSON(result, to: json)
    }

    static var build: String {
        #if DEBUG
            return "debug"
        #else
            return "release"
        #endif
    }
}
