import Foundation
import Logging
import PostgresNIO

/// Reads the access-log projection.
public struct AccessLogStore: Sendable {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// A user's own entries, newest first.
    public func list(userID: UUID, page: Int, limit: Int) async throws -> Page<AccessLogEntry> {
        return try await StoreError.wrapping {
            let offset = Page<AccessLogEntry>.offset(page: page, limit: limit)
            let rows = try await client.query(
                """
                SELECT event_id, api_key_id, endpoint, route, method, status_code, response_time_ms,
                       host(ip_address), user_agent, error_message, rate_limited, "timestamp"
                FROM api_access_logs WHERE user_id = \(userID)
                ORDER BY "timestamp" DESC, event_id DESC LIMIT \(limit) OFFSET \(offset)
                """, logger: logger)
            var entries: [AccessLogEntry] = []
            for try await row in rows.decode(
                (UUID, UUID?, String, String?, String, Int, Int?, String?, String?, String?, Bool, Date).self)
            {
                entries.append(
                    AccessLogEntry(
                        id: row.0, apiKeyID: row.1, endpoint: row.2, route: row.3, method: row.4, statusCode: row.5,
                        responseTimeMs: row.6, ipAddress: row.7, userAgent: row.8, errorCode: row.9,
                        rateLimited: row.10, timestamp: row.11))
            }
            let total = try await count(userID: userID)
            return Page(items: entries, total: total, page: page, limit: limit)
        }
    }

    private func count(userID: UUID) async throws -> Int {
        let rows = try await client.query(
            "SELECT count(*) FROM api_access_logs WHERE user_id = \(userID)", logger: logger)
        for try await total in rows.decode(Int.self) { return total }
        return 0
    }
}
