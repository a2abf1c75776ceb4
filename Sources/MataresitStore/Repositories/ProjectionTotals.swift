import Foundation
import Logging
import PostgresNIO

/// What the request projections and a stage's committed offsets add up to: the benches check these against the
/// events they sent.
public struct ProjectionTotals: Sendable {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// Rows of `api_access_logs`.
    public func accessLogRows() async throws -> Int64 {
        try await total("SELECT count(*) FROM api_access_logs")
    }

    /// Requests counted in `api_key_usage` (keyed requests only).
    public func usageRequests() async throws -> Int64 {
        try await total("SELECT sum(total_requests)::bigint FROM api_key_usage")
    }

    /// Requests counted in `rate_limit_hourly_total`.
    public func hourlyRequests() async throws -> Int64 {
        try await total("SELECT sum(total_requests)::bigint FROM rate_limit_hourly_total")
    }

    /// The sum of a stage's next offsets over its partitions: the events it committed when offsets start at 0.
    public func committedOffsets(stage: String) async throws -> Int64 {
        try await total("SELECT sum(next_offset)::bigint FROM stage_offsets WHERE stage = \(stage)")
    }

    private func total(_ query: PostgresQuery) async throws -> Int64 {
        try await StoreError.wrapping {
            let rows = try await client.query(query, logger: logger)
            for try await value in rows.decode(Int64?.self) { return value ?? 0 }
            return 0
        }
    }
}
