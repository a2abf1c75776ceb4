import Foundation
import MataresitCore
import MataresitStore

/// Lexical search (`/search`) over what the caller may see: their own receipts and categories and their teams'
/// data (one team's when `teamID` is given; the API checks membership first).
public protocol SearchRepository: Sendable {
    /// The best `limit` matches of `source`, and how many there are in all.
    func search(_ source: SearchSource, terms: SearchTerms, userID: UUID, teamID: UUID?, limit: Int) async throws
        -> SearchPage
    /// Distinct merchants of the caller's and their teams' receipts starting with `prefix`, most used first.
    func merchantSuggestions(prefix: String, userID: UUID, limit: Int) async throws -> [String]
}

/// Each user's own recent searches (`/search/recent`).
public protocol SearchHistoryRepository: Sendable {
    func record(userID: UUID, query: String, sources: [String], teamID: UUID?) async throws
    /// Newest first, at most `limit`.
    func recent(userID: UUID, limit: Int) async throws -> [RecentSearch]
}

extension SearchStore: SearchRepository {}
extension SearchHistoryStore: SearchHistoryRepository {}
