import Logging
import PostgresNIO

/// The database's answer to the smallest query: the API's health probe.
public struct DatabaseLiveness: Sendable {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    public func ping() async throws {
        try await StoreError.wrapping { _ = try await client.query("SELECT 1", logger: logger) }
    }
}

extension DatabaseLiveness {
    /// This database's client connections by state (`pg_stat_activity`): postgres-nio does not expose its pool's
    /// usage, so the server's view stands in.
    public func connectionsByState() async throws -> [String: Int64] {
        try await StoreError.wrapping {
            let rows = try await client.query(
                """
                SELECT coalesce(state, 'unknown'), count(*)::bigint FROM pg_stat_activity
                WHERE datname = current_database() AND backend_type = 'client backend' GROUP BY 1
                """, logger: logger)
            var counts: [String: Int64] = [:]
            for try await (state, count) in rows.decode((String, Int64).self) { counts[state] = count }
            return counts
        }
    }

    /// Whether the extension is installed in this database.
    public func hasExtension(_ name: String) async throws -> Bool {
        try await StoreError.wrapping {
            let rows = try await client.query(
                "SELECT count(*)::bigint FROM pg_extension WHERE extname = \(name)", logger: logger)
            for try await count in rows.decode(Int64.self) { return count > 0 }
            return false
        }
    }
}
