import ArgumentParser
import MataresitRuntime
import MataresitStore

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate", abstract: "Apply pending database migrations (needs DATABASE_URL).")

    func run() async throws {
        let environment = try CommandEnvironment()
        let applied = try await environment.withDatabase(try environment.requiredDatabase(), migrate: false) { client in
            try await Migrator(client: client, logger: environment.logger).migrate()
        }
        emitLine(
            applied.isEmpty
                ? "schema up to date" : "applied migrations: \(applied.map(String.init).joined(separator: ", "))")
    }
}
