import Foundation
import Logging
import PostgresNIO

/// One search a user made.
public struct RecentSearch: Sendable {
    public let query: String
    public let sources: [String]
    public let teamID: UUID?
    public let searchedAt: Date
}

/// Each user's recent searches (`search_history`), newest first; only the newest `kept` per user are kept.
public struct SearchHistoryStore: Sendable {
    let client: PostgresClient
    let logger: Logger
    public static let kept = 50

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// Records a search, then drops the user's searches beyond the newest `kept`.
    public func record(userID: UUID, query: String, sources: [String], teamID: UUID?) async throws {
        try await StoreError.wrapping {
            try await client.query(
                """
                INSERT INTO search_history (user_id, query, sources, team_id)
                VALUES (\(userID), \(query), \(sources), \(teamID))
                """, logger: logger)
            try await client.query(
                """
                DELETE FROM search_history WHERE user_id = \(userID) AND id <= (
                    SELECT id FROM search_history WHERE user_id = \(userID) ORDER BY id DESC OFFSET \(Self.kept) LIMIT 1)
                """, logger: logger)
        }
    }

    /// The user's newest searches, at most `limit`.
    public func recent(userID: UUID, limit: Int) async throws -> [RecentSearch] {
        return try await StoreError.wrapping {
            let rows = try await client.query(
                """
                SELECT query, sources, team_id, searched_at FROM search_history
                WHERE user_id = \(userID) ORDER BY id DESC LIMIT \(limit)
                """, logger: logger)
            var searches: [RecentSearch] = []
            for try await row in rows.decode((String, [String], UUID?, Date).self) {
                searches.append(RecentSearch(query: row.0, sources: row.1, teamID: row.2, searchedAt: row.3))
            }
            return searches
        }
    }
}
