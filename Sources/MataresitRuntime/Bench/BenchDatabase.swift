import Foundation
import Logging
import MataresitStore
import PostgresNIO

/// A fresh, migrated database for one bench run on the server of `DATABASE_URL` (or on a private local cluster
/// in `folder`), dropped afterwards: counts are exact and nothing of a real database is touched.
public struct BenchDatabase: Sendable {
    public let configuration: DatabaseConfiguration
    public let client: PostgresClient

    /// The server to create bench databases on: `DATABASE_URL`'s, else a private cluster started in `folder`.
    public static func server(url: String?, folder: String, logger: Logger) throws -> DatabaseConfiguration {
        if let url { return try DatabaseConfiguration(url: url) }
        let postgres = LocalPostgres(folder: folder)
        try postgres.start(logger: logger)
        return postgres.configuration
    }

    /// Runs `body` on a new database `<prefix><random>` holding the current schema (the tests' databases too).
    public static func with<T>(
        server: DatabaseConfiguration, keep: Bool = false, prefix: String = "mataresit_bench_",
        maximumConnections: Int = 32, logger: Logger, _ body: (BenchDatabase) async throws -> T
    ) async throws -> T {
        let name = prefix + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        try await admin(server, logger: logger) { try await $0.query("CREATE DATABASE \(unescaped: name)", logger: logger) }
        let configuration = {
            var configuration = server.with(database: name)
            configuration.maximumConnections = maximumConnections
            return configuration
        }()
        let client = PostgresClient(configuration: configuration.clientConfiguration, backgroundLogger: quiet(logger))
        let outcome: Result<T, any Error>
        do {
            outcome = .success(
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { await client.run() }
                    defer { group.cancelAll() }
                    try await Migrator(client: client, logger: logger).migrate()
                    return try await body(BenchDatabase(configuration: configuration, client: client))
                })
        } catch {
            outcome = .failure(error)
        }
        if keep {
            logger.notice("bench database kept", metadata: ["database": "\(name)"])
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
        let client = PostgresClient(configuration: server.clientConfiguration, backgroundLogger: quiet(logger))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            try await body(client)
        }
    }

    /// The clients' background logger: postgres-nio warns when the first lease comes before `run()` got going,
    /// which is harmless here; errors still show.
    private static func quiet(_ logger: Logger) -> Logger {
        var quiet = logger
        quiet.logLevel = .error
        return quiet
    }

    /// One integer from a query such as `SELECT count(*) ...`.
    public func scalar(_ query: PostgresQuery, logger: Logger) async throws -> Int64 {
        let rows = try await client.query(query, logger: logger)
        for try await value in rows.decode(Int64?.self) { return value ?? 0 }
        return 0
    }
}
