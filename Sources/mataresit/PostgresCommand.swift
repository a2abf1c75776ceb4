import ArgumentParser
import Logging
import MataresitRuntime

struct PostgresCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "postgres",
        abstract: "Start or stop a private PostgreSQL cluster from the machine's binaries (unix socket only).",
        subcommands: [Start.self, Stop.self])

    struct Start: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Start the cluster and print its DATABASE_URL.")
        @Option(help: "Folder of the cluster.") var dataDir: String = ".mataresit-dev/postgres"
        @Option(help: "Port (names the socket file).") var port: Int = 5432

        func run() async throws {
            let environment = try CommandEnvironment()
            let postgres = LocalPostgres(folder: dataDir, port: port)
            try postgres.start(logger: environment.logger)
            emitLine("DATABASE_URL=\(postgres.configuration.url)")
        }
    }

    struct Stop: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop the cluster.")
        @Option(help: "Folder of the cluster.") var dataDir: String = ".mataresit-dev/postgres"

        func run() async throws {
            _ = try CommandEnvironment()
            try LocalPostgres(folder: dataDir).stop()
        }
    }
}
