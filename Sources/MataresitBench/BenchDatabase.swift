import Foundation
import MataresitRuntime
import Logging
import MataresitStore
import PostgresNIO

/// A fresh, migrated database for one bench run on the server of `DATABASE_URL` (or on a private local cluster
/// in `folder`), dropped afterwards: counts are exact and nothing of a real database is touched.
public struct BenchDatabase: Sendable {
    public let configuration: DatabaseConfiguration
    public let client: PostgresClient

    /// Runs `body` with the server to create bench databases on: `DATABASE_URL`'s, else a private cluster in
    /// `folder`. A cluster this call started is stopped again afterwards, and `announce` says so; one that was
    /// already running is left as it was.
    public static func withServer<T>(
        url: String?, folder: String, logger: Logger, announce: (String) -> Void,
        _ body: (DatabaseConfiguration) async throws -> T
    ) async throws -> T {
        if let url { return try await body(try DatabaseConfiguration(url: url)) }
        let postgres = LocalPostgres(folder: folder)
        guard try postgres.start(logger: logger) else { return try await body(postgres.configuration) }
        announce("started a private PostgreSQL cluster in \(postgres.folder) for this run")
        let outcome: Result<T, any Error>
        do {
            outcome = .success(try await body(postgres.configuration))
        } catch {
            outcome = .failure(error)
        }
        do {
            try postgres.stop()
            announce("stopped the private PostgreSQL cluster in \(postgres.folder)")
        } catch {
            announce("could not stop the private PostgreSQL cluster in \(postgres.folder): \(error)")
        }
        return try outcome.get()
    }

    /// Runs `body` on a new database `<prefix><random>` holding the current schema (`ScratchDatabase`).
    public static func with<T>(
        server: DatabaseConfiguration, keep: Bool = false, prefix: String = "mataresit_bench_",
        maximumConnections: Int = 32, logger: Logger, _ body: (BenchDatabase) async throws -> T
    ) async throws -> T {
        try await ScratchDatabase.with(
            server: server, prefix: prefix, keep: keep, maximumConnections: maximumConnections, logger: logger
        ) { configuration, client in
            try await body(BenchDatabase(configuration: configuration, client: client))
        }
    }
}
