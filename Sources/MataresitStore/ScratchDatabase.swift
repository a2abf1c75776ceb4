import Foundation
import Logging
import PostgresNIO

/// A new database holding the current schema, made on a server for one run and dropped afterwards: the benches'
/// databases and the tests' (counts are exact and nothing of a real database is touched).
public enum ScratchDatabase {
    /// Runs `body` on a new database `<prefix><random>` of `server`, migrated, with a client of its own.
    public static func with<T>(
        server: DatabaseConfiguration, prefix: String, keep: Bool = false, maximumConnections: Int = 32,
        logger: Logger, _ body: (DatabaseConfiguration, PostgresClient) async throws -> T
    ) async throws -> T {
        let name = prefix + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        try await admin(server, logger: logger) {
            try await $0.query("CREATE DATABASE \(unescaped: name)", logger: logger)
        }
        var configuration = server.with(database: name)
        configuration.maximumConnections = maximumConnections
        let client = PostgresClient(
            configuration: try configuration.clientConfiguration(), backgroundLogger: quiet(logger))
        let outcome: Result<T, any Error>
        do {
            outcome = .success(
                try await client.whileRunning {
                    try await Migrator(client: client, logger: logger).migrate()
                    return try await body(configuration, client)
                })
        } catch {
            outcome = .failure(error)
        }
        if keep {
            logger.notice("scratch database kept", metadata: ["database": "\(name)"])
        } else {
            try? await admin(server, logger: logger) {
                try await $0.query("DROP DATABASE IF EXISTS \(unescaped: name) WITH (FORCE)", logger: logger)
            }
        }
        return try outcome.get()
    }

    private static func admin(
        _ server: DatabaseConfiguration, logger: Logger, _ body: @Sendable (PostgresClient) async throws -> Void
    ) async throws {
        let client = PostgresClient(configuration: try server.clientConfiguration(), backgroundLogger: quiet(logger))
        try await client.whileRunning { try await body(client) }
    }

    /// The clients' background logger: errors only, so the pool's chatter stays out of reports.
    private static func quiet(_ logger: Logger) -> Logger {
        var quiet = logger
        quiet.logLevel = .error
        return quiet
    }
}
