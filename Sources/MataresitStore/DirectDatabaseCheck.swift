import Logging
import PostgresNIO

/// One direct connection to the database, for checks that must report the server's own answer: a pool retries a
/// refused login until its caller gives up, so a wrong user or password would show as a time-out.
public enum DirectDatabaseCheck {
    /// Connects once, reads `server_version` and disconnects. Throws ``StoreError`` with the server's message
    /// (for example `28000 role "postgres" does not exist`) or the network's (connection refused, time-out).
    public static func serverVersion(
        _ configuration: DatabaseConfiguration, timeout: Duration = .seconds(10), logger: Logger
    ) async throws -> String {
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(
                configuration: configuration.connectionConfiguration(timeout: timeout), id: 1, logger: logger)
        } catch {
            throw StoreError.wrap(error)
        }
        let outcome: Result<String, any Error>
        do {
            var version = ""
            for try await text in try await connection.query("SHOW server_version", logger: logger).decode(String.self) {
                version = text
            }
            outcome = .success(version)
        } catch {
            outcome = .failure(StoreError.wrap(error))
        }
        try? await connection.close()
        return try outcome.get()
    }
}
