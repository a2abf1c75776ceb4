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
