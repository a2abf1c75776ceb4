import Foundation
import Hummingbird
import MataresitCore
import MataresitStore

/// `GET /search/recent`: the caller's own last searches with the text they searched for (the existing
/// service answered with its last 10 log rows of everyone's, each labelled "Recent search").
extension SearchController {
    static let recentDefault = 10
    static let recentMaximum = SearchHistoryStore.kept

    @Sendable func recent(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller(with: .searchRead)
        let limit = try Self.recentLimit(request)
        let searches = try await history.recent(userID: caller.userID, limit: limit)
        return try APIResponse.success(
            RecentSearches(searches: searches.map(RecentSearchView.init), total: searches.count))
    }

    /// `limit` (1 to 50, default 10).
    static func recentLimit(_ request: Request) throws -> Int {
        guard let text = request.uri.queryParameters["limit"] else { return recentDefault }
        guard let limit = Int(text), (1...recentMaximum).contains(limit) else {
            throw APIError.validation([("limit", "limit must be an integer from 1 to \(recentMaximum)")])
        }
        return limit
    }

    /// Keeps the search for `/search/recent`; a failure here never fails the search itself.
    func remember(
        _ input: SearchInput, sources: [SearchSource], caller: AuthenticatedCaller, context: AppRequestContext
    )
        async
    {
        do {
            try await history.record(
                userID: caller.userID, query: input.query, sources: sources.map(\.rawValue), teamID: input.teamID)
        } catch {
            context.logger.warning("search not recorded in the history", metadata: ["error": "\(error)"])
        }
    }
}

struct RecentSearches: Encodable {
    let searches: [RecentSearchView]
    let total: Int
}

struct RecentSearchView: Encodable {
    let query: String
    let sources: [String]
    let teamId: String?
    let searchedAt: Date

    init(_ search: RecentSearch) {
        query = search.query
        sources = search.sources
        teamId = search.teamID?.lowercased
        searchedAt = search.searchedAt
    }

    enum CodingKeys: CodingKey { case query, sources, teamId, searchedAt }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(query, forKey: .query)
        try container.encode(sources, forKey: .sources)
        try container.encode(teamId, forKey: .teamId)
        try container.encode(searchedAt, forKey: .searchedAt)
    }
}

extension SearchInput {
    /// What makes two searches of one caller the same (the cache key's body part).
    func cacheVariant(_ sources: [SearchSource]) -> String {
        [query, sources.map(\.rawValue).joined(separator: ","), teamID?.lowercased ?? "", "\(limit)", "\(offset)"]
            .joined(separator: "\u{1F}")
    }
}
