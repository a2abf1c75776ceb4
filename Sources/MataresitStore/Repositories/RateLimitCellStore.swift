import Foundation
import Logging
import MataresitCore
import PostgresNIO

/// The rate-limit cells in Postgres: the one place all API instances agree on what each subject's windows may
/// still admit (see `take_rate_limit_slots`, migration 12, and its Swift twin `RateLimitCells`).
public struct RateLimitCellStore: Sendable {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// Grants up to `want` admissions of `subject` that every window conforms to, at the database's clock.
    public func take(subject: UUID, windows: [RateLimitPolicy.Window], want: Int) async throws -> RateLimitGrant {
        return try await StoreError.wrapping {
            let rows = try await client.query(
                """
                SELECT granted, remaining, retry_after_ns, reset_after_ns
                FROM take_rate_limit_slots(\(subject), \(windows.map(\.name)), \(windows.map(\.emissionIntervalNanoseconds)),
                                           \(windows.map(\.toleranceNanoseconds)), \(want)::integer)
                """, logger: logger)
            for try await (granted, remaining, retry, reset) in rows.decode((Int, [Int], [Int64], [Int64]).self) {
                let states = remaining.indices.map {
                    RateLimitGrant.WindowState(
                        remaining: remaining[$0], retryAfterNanoseconds: retry[$0], resetAfterNanoseconds: reset[$0])
                }
                return RateLimitGrant(granted: granted, windows: states)
            }
            throw StoreError.database(summary: "take_rate_limit_slots returned no row")
        }
    }

    /// Deletes cells that are idle (their arrival time has passed, so they are the same as no cell); returns how many.
    @discardableResult
    public func pruneIdle() async throws -> Int {
        return try await StoreError.wrapping {
            let rows = try await client.query(
                """
                DELETE FROM rate_limit_cells
                WHERE arrival_ns < (extract(epoch FROM clock_timestamp()) * 1000000000)::bigint RETURNING 1
                """, logger: logger)
            var count = 0
            for try await _ in rows { count += 1 }
            return count
        }
    }
}
