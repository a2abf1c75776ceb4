import MataresitBench
import ArgumentParser
import Foundation
import MataresitRuntime

struct BenchAPICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "api",
        abstract: "Drive the real API on loopback with wrk: bare route, health, receipts, and health without events.",
        discussion: """
            Starts two API instances in process with the production wiring (key check, rate limiter with the \
            bench key's limits raised to a billion, response cache, metrics, events to an embedded broker): one \
            emitting events and one not, both serving the bench-only bare route GET /bench/bare before any \
            middleware. wrk (Debian package wrk) runs each route in turn for --duration seconds. Reports req/s, \
            p50/p99, each route's ratio to the bare route, and the emission overhead (1 - health on / health off). \
            Load generator and server share the machine's cores: compare ratios within one run.
            """)

    @Option(help: "Seconds of wrk per route and round (1...120).") var duration = 5
    @Option(help: "Interleaved rounds of every route; each figure is the median (1...10).") var rounds = 3
    @Option(help: "wrk connections (1...1000).") var connections = 50
    @Option(help: "wrk threads (1...16).") var threads = 2
    @Option(help: "Receipts seeded for GET /api/v1/receipts (0...10,000).") var receipts = 50
    @Option(help: "Write the results as JSON to this file.") var json: String?
    @Option(help: "Folder of the private PostgreSQL cluster when DATABASE_URL is not set.") var dataDir =
        ".mataresit-bench"

    func validate() throws {
        guard (1...120).contains(duration) else { throw ValidationError("--duration must be 1...120 seconds") }
        guard (1...1000).contains(connections) else { throw ValidationError("--connections must be 1...1000") }
        guard (1...16).contains(threads), threads <= connections else {
            throw ValidationError("--threads must be 1...16 and at most --connections")
        }
        guard (0...10_000).contains(receipts) else { throw ValidationError("--receipts must be 0...10000") }
        guard (1...10).contains(rounds) else { throw ValidationError("--rounds must be 1...10") }
    }

    func run() async throws {
        let bench = try BenchEnvironment()
        let pipeline = try bench.environment.pipeline()
        var options = APIBenchOptions()
        options.seconds = duration
        options.connections = connections
        options.threads = threads
        options.receipts = receipts
        options.rounds = rounds
        let configured = options, logger = bench.logger
        let result = try await bench.withDatabase(dataDir: dataDir, keep: false) { database in
            try await APIBench(
                options: configured, pipeline: pipeline, database: database, logger: logger,
                progress: BenchEnvironment.progress
            ).run()
        }
        try BenchEnvironment.report(result.text, result: result, json: json, errors: result.errors)
    }
}
