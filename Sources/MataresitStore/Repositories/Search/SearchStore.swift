import Foundation
import Logging
import MataresitCore
import PostgresNIO

/// Lexical (Postgres full-text and trigram) search over what the caller may see. Scores are `ts_rank` plus a
/// merchant similarity bonus, not semantic similarity: no embedding model is involved.
public struct SearchStore: Sendable {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// The best `limit` matches of `source` for `terms`, among the caller's data (or one team's).
    /// A source without data behind it (the business directory) and a query without words have no matches.
    public func search(_ source: SearchSource, terms: SearchTerms, userID: UUID, teamID: UUID?, limit: Int) async throws
        -> SearchPage
    {
        guard let statement = SearchStatements.sql(for: source), !terms.isEmpty else {
            return SearchPage(hits: [], total: 0)
        }
        return try await StoreError.wrapping {
            let rows = try await client.query(
                PostgresQuery(
                    unsafeSQL: statement, binds: Self.binds(terms, userID: userID, teamID: teamID, limit: limit)),
                logger: logger)
            var page = SearchPage(hits: [], total: 0)
            for try await row in rows.decode((String, String, String?, String, Double, String, Int).self) {
                let fragments = row.5.components(separatedBy: " … ").filter { !$0.isEmpty }.prefix(3)
                page.hits.append(
                    SearchHit(
                        id: row.0, type: source, title: row.1, content: row.2, metadata: row.3, rank: row.4,
                        highlights: Array(fragments)))
                page.total = row.6
            }
            return page
        }
    }

    /// The parameters of every `SearchStatements` statement, in order.
    static func binds(_ terms: SearchTerms, userID: UUID, teamID: UUID?, limit: Int) throws -> PostgresBindings {
        var binds = PostgresBindings(capacity: 6)
        try binds.append(terms.words)
        try binds.append(userID)
        try binds.append(teamID)
        try binds.append(limit)
        try binds.append(terms.phrases)
        try binds.append(terms.excluded)
        return binds
    }

    /// Up to `limit` distinct merchants of the caller's receipts that start with `prefix` (case-insensitive).
    public func merchantSuggestions(prefix: String, userID: UUID, limit: Int) async throws -> [String] {
        return try await StoreError.wrapping {
            let pattern =
                prefix.replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%"
            let rows = try await client.query(
                """
                SELECT merchant FROM receipts
                WHERE (user_id = \(userID) OR team_id IN (SELECT team_id FROM team_members WHERE user_id = \(userID)))
                  AND merchant ILIKE \(pattern)
                GROUP BY merchant ORDER BY count(*) DESC, merchant LIMIT \(limit)
                """, logger: logger)
            var merchants: [String] = []
            for try await merchant in rows.decode(String.self) { merchants.append(merchant) }
            return merchants
        }
    }
}
