import Foundation
import Logging
import PostgresNIO

/// Failed authentications per client, counted in Postgres so that every API instance sees the same count.
public struct FailedAuthStore: Sendable {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// The secret of the client-address digests (made by migration 11, the same for every instance).
    public func digestSecret() async throws -> [UInt8] {
        try await StoreError.wrapping {
            let rows = try await client.query(
                "SELECT value FROM deployment_secrets WHERE name = 'client_address_digest'", logger: logger)
            for try await value in rows.decode(ByteBuffer.self) { return Array(buffer: value) }
            throw StoreError.notFound("deployment secret client_address_digest")
        }
    }

    /// Counts one failure of `client` in its window of `window` seconds (a new window starts at the first failure
    /// after the last one ended); returns the failures so far in the window and the seconds until it ends.
    public func recordFailure(client digest: [UInt8], window: Int) async throws -> (failures: Int, secondsLeft: Int) {
        try await StoreError.wrapping {
            let rows = try await client.query(
                """
                INSERT INTO failed_auth_windows AS w (client_digest, window_start, failures)
                VALUES (\(ByteBuffer(bytes: digest)), now(), 1)
                ON CONFLICT (client_digest) DO UPDATE SET
                    failures = CASE WHEN w.window_start <= now() - make_interval(secs => \(Double(window))) THEN 1
                                    ELSE w.failures + 1 END,
                    window_start = CASE WHEN w.window_start <= now() - make_interval(secs => \(Double(window))) THEN now()
                                        ELSE w.window_start END
                RETURNING failures,
                    ceil(extract(epoch FROM window_start + make_interval(secs => \(Double(window))) - now()))::integer
                """, logger: logger)
            for try await (failures, left) in rows.decode((Int, Int).self) { return (failures, max(1, left)) }
            throw StoreError.database(summary: "failed_auth_windows returned no row")
        }
    }

    /// Deletes the windows that ended before `cutoff`; returns how many.
    @discardableResult
    public func prune(endedBefore cutoff: Date, window: Int) async throws -> Int {
        try await StoreError.wrapping {
            let rows = try await client.query(
                """
                DELETE FROM failed_auth_windows WHERE window_start < \(cutoff) - make_interval(secs => \(Double(window)))
                RETURNING 1
                """, logger: logger)
            var count = 0
            for try await _ in rows { count += 1 }
            return count
        }
    }
}
