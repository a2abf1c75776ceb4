import Foundation
import Hummingbird
import MataresitCore
import MataresitStore

/// `/search` (search:read): lexical full-text search over receipts (the seed's GIN index), claims, team members
/// and custom categories the caller may see; suggestions; the list of sources. Labelled honestly:
/// `searchType` is `lexical` and `similarity` is Postgres `ts_rank`.
struct SearchController: Sendable {
    let search: any SearchRepository
    let teams: TeamAccess
    let memberships: any TeamRepository
    let history: any SearchHistoryRepository
    let cache: ResponseCache

    init(stores: APIRepositories, cache: ResponseCache) {
        search = stores.search
        memberships = stores.teams
        teams = TeamAccess(teams: stores.teams)
        history = stores.searchHistory
        self.cache = cache
    }

    func register(on routes: VersionedRoutes) {
        routes.on(.post, "search", query)
        routes.on(.post, "search/query", query)
        routes.on(.post, "search/suggestions", suggestions)
        routes.on(.get, "search/sources", sources)
        routes.on(.get, "search/recent", recent)
    }

    @Sendable func query(_ request: Request, context: AppRequestContext) async throws -> Response {
        let started = ContinuousClock.now
        let caller = try context.requireCaller(with: .searchRead)
        let input = try SearchInput(try await RequestBody.jsonObject(request, context: context))
        let sources = try Self.sources(for: input, tier: caller.key.tier)
        if let teamID = input.teamID { _ = try await teams.requireMember(teamID, userID: caller.userID) }
        await remember(input, sources: sources, caller: caller, context: context)
        return try await cache.answer(
            .searchResults, for: request, caller: caller, variant: input.cacheVariant(sources)
        ) {
            // Results include the caller's teams' claims and members: any of those teams changing refreshes them.
            let tags = try await memberships.teamIDs(userID: caller.userID).map(ResponseCache.teamTag)
            return .init(
                response: try await results(input, sources: sources, caller: caller, started: started), tags: tags)
        }
    }

    func results(
        _ input: SearchInput, sources: [SearchSource], caller: AuthenticatedCaller, started: ContinuousClock.Instant
    )
        async throws -> CachedResponse
    {
        let terms = SearchTerms(parsing: input.query)
        var pages: [SearchPage] = []
        for source in sources {
            pages.append(
                try await search.search(
                    source, terms: terms, userID: caller.userID, teamID: input.teamID,
                    limit: input.offset + input.limit))
        }
        let total = pages.reduce(0) { $0 + $1.total }
        let window = Array(Self.merged(pages).dropFirst(input.offset).prefix(input.limit))
        let elapsed = ContinuousClock.now - started
        return try .success(
            SearchResults(
                results: window.map(SearchResultView.init), total: total, query: input.query,
                sources: sources.map(\.rawValue),
                executionTime: Double(elapsed.components.seconds) * 1_000 + Double(elapsed.components.attoseconds)
                    / 1e15,
                suggestions: total == 0 ? SearchSuggestions.templates(for: input.query) : nil))
    }

    /// The hits of every source, best score first; equal scores keep each source's order (newest first), earlier
    /// sources first.
    static func merged(_ pages: [SearchPage]) -> [SearchHit] {
        let ranked = pages.enumerated().flatMap { source, page in
            page.hits.enumerated().map { (hit: $0.element, position: $0.offset, source: source) }
        }
        return ranked.sorted {
            ($0.hit.rank, -$0.position, -$0.source) > ($1.hit.rank, -$1.position, -$1.source)
        }.map(\.hit)
    }

    @Sendable func suggestions(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller(with: .searchRead)
        var fields = FieldReader(try await RequestBody.jsonObject(request, context: context))
        let text = fields.string("query", required: true, maxLength: SearchInput.maximumQuery)
        guard fields.problems.isEmpty, let text else { throw APIError.validation(fields.problems) }
        let query = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard query.count >= 2 else { return try APIResponse.success(SearchSuggestions(query: query, suggestions: [])) }
        let merchants = try await search.merchantSuggestions(prefix: query, userID: caller.userID, limit: 5)
        let suggestions = (merchants + SearchSuggestions.templates(for: query)).prefix(5)
        return try APIResponse.success(SearchSuggestions(query: query, suggestions: Array(suggestions)))
    }

    @Sendable func sources(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller(with: .searchRead)
        let tier = caller.key.tier
        let sources = SearchSourceInfo.all(for: tier)
        return try APIResponse.success(
            SearchSourceList(sources: sources, tier: tier.rawValue, totalAvailable: sources.filter(\.available).count))
    }

    /// The sources to search: the body's or the tier's defaults. More than two sources or embeddings are
    /// "advanced search", which the free tier may not use; a source above the tier is refused.
    static func sources(for input: SearchInput, tier: Tier) throws -> [SearchSource] {
        let sources = input.sources ?? SearchSourceInfo.defaults(for: tier)
        if tier == .free, sources.count > 2 || input.includeEmbeddings {
            throw APIError(
                status: .forbidden, code: .subscriptionLimitExceeded,
                message: "Advanced search (more than two sources or embeddings) requires Pro or Max subscription")
        }
        for source in sources where source != .businessDirectory && !SearchSourceInfo.isAvailable(source, tier: tier) {
            throw APIError(
                status: .forbidden, code: .subscriptionLimitExceeded,
                message: "Searching \(source.rawValue) requires a higher subscription tier")
        }
        return sources
    }
}

/// `POST /search` results.
struct SearchResults: Encodable {
    let searchType = "lexical"
    let results: [SearchResultView]
    let total: Int
    let query: String
    let sources: [String]
    /// Milliseconds.
    let executionTime: Double
    let suggestions: [String]?
}

/// One search result: `similarity` is the full-text rank (`ts_rank`), highlights mark matches with « ».
struct SearchResultView: Encodable {
    let hit: SearchHit

    enum CodingKeys: CodingKey { case id, type, title, content, metadata, similarity, highlights }

    /// The singular type name of a result of `source`.
    static func typeName(_ source: SearchSource) -> String {
        switch source {
        case .receipts: "receipt"
        case .claims: "claim"
        case .teamMembers: "team_member"
        case .customCategories: "custom_category"
        case .businessDirectory: "business"
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(hit.id, forKey: .id)
        try container.encode(Self.typeName(hit.type), forKey: .type)
        try container.encode(hit.title, forKey: .title)
        try container.encode(hit.content, forKey: .content)
        try container.encode(ClaimView.json(hit.metadata, fallback: .object([:])), forKey: .metadata)
        try container.encode(hit.rank, forKey: .similarity)
        try container.encode(hit.highlights, forKey: .highlights)
    }
}

/// `POST /search/suggestions`: the caller's matching merchants, then the existing API's templates.
struct SearchSuggestions: Encodable {
    let query: String
    let suggestions: [String]

    static func templates(for query: String) -> [String] {
        guard query.count >= 2 else { return [] }
        return ["\(query) receipts", "\(query) expenses", "\(query) claims", "recent \(query)", "\(query) by date"]
    }
}
