import Foundation
import Logging
import MataresitCore
import MataresitRuntime
import MataresitStreams
import PostgresNIO
import Testing

/// `mataresit replay` of one stage in process, and the projections' contents to compare before and after.
enum TestReplay {
    /// Replays stage `name` from the archive in `folder` (and then Kafka when `kafka`), and swaps it in.
    static func run(_ name: String, _ cluster: TestCluster, _ database: TestDatabase, _ folder: String, kafka: Bool)
        async throws -> ReplayOutcome
    {
        try await run(name, cluster, database, FolderArchiveStorage(root: folder), kafka: kafka)
    }

    /// Replays stage `name` from `archive` (and then Kafka when `kafka`), and swaps it in.
    static func run(
        _ name: String, _ cluster: TestCluster, _ database: TestDatabase, _ archive: any ArchiveStorage, kafka: Bool
    ) async throws -> ReplayOutcome {
        do {
            return try await StageReplay.run(
                stage: try #require(cluster.pipeline.stage(named: name)), pipeline: cluster.pipeline,
                database: database.configuration, liveClient: database.client,
                keyWrapper: try KeyWrapper(secret: RunningSystem.encryptionSecret),
                kafka: kafka ? cluster.configuration : nil, archive: archive,
                bounds: ReplayBounds(),
                progress: ReplayProgress(expected: 0, isTerminal: false), logger: Logger(label: "test-replay"))
        } catch {
            throw ReflectedError(error)  // PSQLError's own description hides its server fields
        }
    }

    /// The projections' contents as text, order-independent.
    static func snapshot(_ database: TestDatabase) async throws -> [String] {
        var lines: [String] = []
        for query: PostgresQuery in [
            "SELECT concat_ws('|', event_id, user_id, api_key_id, status_code, response_time_ms, ip_address, user_agent) FROM api_access_logs",
            "SELECT concat_ws('|', api_key_id, total_requests, error_count, sum_response_time_ms, last_used, latency_histogram) FROM api_key_usage",
            "SELECT concat_ws('|', api_key_id, day, total_requests, error_count, latency_histogram) FROM api_key_usage_daily",
            "SELECT concat_ws('|', api_key_id, hour, total_requests, rate_limited_requests) FROM rate_limit_hourly",
            "SELECT concat_ws('|', hour, total_requests, rate_limited_requests) FROM rate_limit_hourly_total"
        ] {
            let rows = try await database.client.query(query, logger: database.logger)
            for try await line in rows.decode(String.self) { lines.append(line) }
        }
        return lines.sorted()
    }
}

/// An error shown with everything `String(reflecting:)` knows of it (a PSQLError's SQLSTATE and message).
struct ReflectedError: Error, CustomStringConvertible {
    let description: String

    init(_ error: any Error) { description = String(reflecting: error) }
}
