import MataresitBench
import ArgumentParser
import Foundation
import Logging
import MataresitRuntime

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure throughput: the pipeline end to end, the API, and the baselines they are judged against.",
        discussion: """
            Each command works on a fresh database (mataresit_bench_<id>) on the server of DATABASE_URL, or on a \
            private PostgreSQL cluster in --data-dir, and drops it afterwards. Debug builds measure the debug \
            build: say so when you quote figures (the report prints the build).
            """,
        subcommands: [
            BenchPipelineCommand.self, BenchAPICommand.self, BenchBaselineCommand.self, BenchArchiveCommand.self
        ])
}

/// Where and how a bench command runs: database server, logging, progress.
struct BenchEnvironment {
    let environment: CommandEnvironment
    let logger: Logger

    init() throws {
        environment = try CommandEnvironment()
        var logger = environment.logger
        // Stage and server chatter would bury the progress lines; warnings and errors still show.
        logger.logLevel = max(logger.logLevel, .warning)
        self.logger = logger
    }

    func withDatabase<T: Sendable>(dataDir: String, keep: Bool, _ body: @Sendable (BenchDatabase) async throws -> T)
        async throws -> T
    {
        let folder = AbsolutePath.resolve(dataDir) + "/postgres", logger = logger
        return try await BenchDatabase.withServer(
            url: environment.settings.databaseURL, folder: folder, logger: logger, announce: Self.announce
        ) { try await BenchDatabase.with(server: $0, keep: keep, logger: logger, body) }
    }

    /// `withDatabase`, plus a broker for the run (embedded, or `KAFKA_BROKERS`) with topics of `partitions`.
    func withDatabaseAndKafka<T: Sendable>(
        dataDir: String, keep: Bool, partitions: Int, _ body: @Sendable (BenchDatabase, BenchKafka) async throws -> T
    ) async throws -> T {
        let logger = logger, kafkaSettings = environment.settings.kafka
        return try await withDatabase(dataDir: dataDir, keep: keep) { database in
            let kafka = try BenchKafka(kafka: kafkaSettings, partitions: Int32(partitions), logger: logger)
            return try await body(database, kafka.keepRunningUntilProcessExit())
        }
    }

    /// Ends the progress line, prints the report, writes the JSON, and fails the command when the run found errors.
    static func report(_ text: String, result: some Encodable, json: String?, errors: [String]) throws {
        finishProgress()
        emitLine(text)
        try writeJSON(result, to: json)
        if !errors.isEmpty { throw ExitCode.failure }
    }

    /// A line on standard error about what the run did around the measurement (a cluster started or stopped).
    static let announce: @Sendable (String) -> Void = { line in
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// On a terminal the progress line is rewritten in place; otherwise plain lines.
    static let progress: @Sendable (String) -> Void = { line in
        let text = isatty(STDERR_FILENO) == 1 ? "\r\u{1B}[K" + line : line + "\n"
        FileHandle.standardError.write(Data(text.utf8))
    }

    static func finishProgress() {
        if isatty(STDERR_FILENO) == 1 { FileHandle.standardError.write(Data("\n".utf8)) }
    }

    static func writeJSON(_ value: some Encodable, to path: String?) throws {
        guard let path else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(value).write(to: URL(fileURLWithPath: path))
    }
}
