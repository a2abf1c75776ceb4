import Foundation
import Logging
import MataresitStore
import PostgresNIO
import Testing

/// A fresh, migrated database on the test server for one test, dropped afterwards.
/// The server comes from `MATARESIT_TEST_DATABASE_URL`, set by `ops/test.sh`; without it the test fails
/// (a missing server is a failure, never a skip).
struct TestDatabase {
    static let urlVariable = "MATARESIT_TEST_DATABASE_URL"
    let configuration: DatabaseConfiguration
    let client: PostgresClient
    let logger: Logger

    static func serverConfiguration() throws -> DatabaseConfiguration {
        let url = try #require(
            ProcessInfo.processInfo.environment[urlVariable],
            "\(urlVariable) is not set: run the tests with ops/test.sh, which starts Postgres")
        return try DatabaseConfiguration(url: url)
    }

    /// Runs `body` with a client connected to a new database holding the current schema, on the test server or
    /// on `server` (created, migrated and dropped: `ScratchDatabase`).
    static func with<T>(server: DatabaseConfiguration? = nil, _ body: (TestDatabase) async throws -> T) async throws
        -> T
    {
        let server = try server ?? serverConfiguration()
        let logger = Logger(label: "test")
        return try await ScratchDatabase.with(
            server: server, prefix: "test_", maximumConnections: server.maximumConnections, logger: logger
        ) { configuration, client in
            try await body(TestDatabase(configuration: configuration, client: client, logger: logger))
        }
    }

    /// A single integer from a query such as `SELECT count(*) ...`.
    func scalar(_ query: PostgresQuery) async throws -> Int {
        let rows = try await client.query(query, logger: logger)
        for try await value in rows.decode(Int.self) { return value }
        return 0
    }
}
