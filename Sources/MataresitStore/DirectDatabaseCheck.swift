import Logging
import PostgresNIO

/// One direct connection to the database, for checks that must report the server's own answer: a pool retries a
/// refused login until its caller gives up, so a wrong user or password would show as a time-out.
public enum DirectDatabaseCheck {
    /// What one connection learnt about the server.
    public struct Probe: Sendable, Equatable {
        public var serverVersion: String
        /// Whether this connection is encrypted (`pg_stat_ssl`), and with which protocol version.
        public var tlsVersion: String?
    }

    /// Connects once, reads `server_version` and disconnects. Throws ``StoreError`` with the server's message
    /// (for example `28000 role "postgres" does not exist`) or the network's (connection refused, time-out).
    public static func serverVersion(
        _ configuration: DatabaseConfiguration, timeout: Duration = .seconds(10), logger: Logger
    ) async throws -> String {
        try await probe(configuration, timeout: timeout, logger: logger).serverVersion
    }

    /// Connects once, reads the server's version and whether the connection uses TLS, and disconnects.
    public static func probe(
        _ configuration: DatabaseConfiguration, timeout: Duration = .seconds(10), logger: Logger
    ) async throws -> Probe {
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(
                configuration: try configuration.connectionConfiguration(timeout: timeout), id: 1, logger: logger)
        } catch {
            throw StoreError.wrap(error)
        }
        let outcome: Result<Probe, any Error>
        do {
            var probe = Probe(serverVersion: "", tlsVersion: nil)
            let rows = try await connection.query(
                """
                SELECT current_setting('server_version'),
                       (SELECT CASE WHEN ssl THEN version END FROM pg_stat_ssl WHERE pid = pg_backend_pid())
                """, logger: logger)
            for try await (version, tls) in rows.decode((String, String?).self) {
                probe = Probe(serverVersion: version, tlsVersion: tls)
            }
            outcome = .success(probe)
        } catch {
            outcome = .failure(StoreError.wrap(error))
        }
        try? await connection.close()
        return try outcome.get()
    }
}
