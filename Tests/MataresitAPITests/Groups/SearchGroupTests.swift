import Foundation
import MataresitCore
import MataresitStore
import Testing

/// `/search` in process: scopes and tiers, another tenant's data, another team's filter and hostile text first, then
/// the owner's word matches and recent searches, then bad input. Ranking itself is checked against Postgres in
/// MataresitIntegrationTests/SearchRankingTests; here the question is what a caller can see.
@Suite("Search group (in process)")
struct SearchGroupTests {
    let api: InProcessAPI
    let owner = UUID(), teammate = UUID(), stranger = UUID()
    let team = UUID(), foreignTeam = UUID()
    /// What the stranger holds: none of it may reach the owner.
    let foreignNames = ["Starbucks Bangsar", "Starbucks Penang", "Starbucks offsite"]

    init() throws {
        api = try InProcessAPI()
        api.teams.add(owner, to: team, as: .member)
        api.teams.add(teammate, to: team, as: .admin)
        api.teams.add(stranger, to: foreignTeam, as: .owner)
    }

    /// The owner's receipt and claim, a teammate's team receipt, and the stranger's personal and team data.
    func seed() async throws {
        try await receipt(of: owner, "Starbucks KLCC", fullText: "Caramel macchiato grande")
        try await receipt(of: teammate, "Starbucks Mid Valley", team: team)
        try await receipt(of: owner, "Tesco", fullText: "milk bread")
        try await receipt(of: stranger, "Starbucks Bangsar")
        try await receipt(of: stranger, "Starbucks Penang", team: foreignTeam)
        _ = try await api.claims.create(
            NewClaim(teamID: team, title: "Starbucks client meeting", amount: 40), claimantID: teammate)
        _ = try await api.claims.create(
            NewClaim(teamID: foreignTeam, title: "Starbucks offsite", amount: 400), claimantID: stranger)
    }

    func receipt(of user: UUID, _ merchant: String, team: UUID? = nil, fullText: String? = nil) async throws {
        let new = NewReceipt(merchant: merchant, date: "2026-02-01", total: 15, fullText: fullText, teamID: team)
        _ = try await api.receipts.create(new, userID: user, monthlyLimit: nil)
    }

    func search(_ json: String, key: APIKeySecret) async throws -> InProcessAPI.Answer {
        try await api.send(.post, "/api/v1/search", key: key, json: json)
    }

    func titles(_ answer: InProcessAPI.Answer) -> [String] {
        (answer.data["results"] as? [[String: Any]] ?? []).compactMap { $0["title"] as? String }
    }

    func leaksNothing(_ answer: InProcessAPI.Answer) -> Bool { !foreignNames.contains { answer.body.contains($0) } }

    @Test("a key without search:read is 403 on every route; the free tier may not search advanced; nothing recorded")
    func scopesAndTiers() async throws {
        let narrow = api.keys.seed(userID: owner, scopes: Scope.allButAdmin.filter { $0 != .searchRead })
        let answers = [
            try await search(#"{"query":"starbucks"}"#, key: narrow),
            try await api.send(.post, "/api/v1/search/query", key: narrow, json: #"{"query":"starbucks"}"#),
            try await api.send(.post, "/api/v1/search/suggestions", key: narrow, json: #"{"query":"star"}"#),
            try await api.send(.get, "/api/v1/search/recent", key: narrow),
            try await api.send(.get, "/api/v1/search/sources", key: narrow)
        ]
        #expect(answers.map(\.status) == Array(repeating: 403, count: 5))
        #expect(answers.allSatisfy { $0.errorCode == "INSUFFICIENT_PERMISSIONS" })
        let free = api.keys.seed(userID: owner, tier: .free, scopes: [.searchRead])
        let tiers = [
            try await search(#"{"query":"starbucks","sources":["receipts","claims","team_members"]}"#, key: free),
            try await search(#"{"query":"starbucks","includeEmbeddings":true}"#, key: free),
            try await search(#"{"query":"starbucks","sources":["claims"]}"#, key: free)
        ]
        #expect(tiers.map(\.status) == [403, 403, 403])
        #expect(tiers.allSatisfy { $0.errorCode == "SUBSCRIPTION_LIMIT_EXCEEDED" })
        #expect(api.searchHistory.all.isEmpty)
    }

    @Test("another tenant's receipts, team receipts and claims never appear in results or suggestions")
    func foreignDataStaysForeign() async throws {
        try await seed()
        let key = api.keys.seed(userID: owner, scopes: [.searchRead])
        let found = try await search(#"{"query":"starbucks"}"#, key: key)
        #expect(found.status == 200 && leaksNothing(found))
        #expect(Set(titles(found)) == ["Starbucks KLCC", "Starbucks Mid Valley", "Starbucks client meeting"])
        let teamOnly = try await search(#"{"query":"starbucks","filters":{"teamId":"\#(team.lowercased)"}}"#, key: key)
        #expect(Set(titles(teamOnly)) == ["Starbucks Mid Valley", "Starbucks client meeting"])
        let suggested = try await api.send(.post, "/api/v1/search/suggestions", key: key, json: #"{"query":"star"}"#)
        let suggestions = suggested.data["suggestions"] as? [String] ?? []
        #expect(suggestions.starts(with: ["Starbucks KLCC", "Starbucks Mid Valley"]) && leaksNothing(suggested))
    }

    @Test("a team filter for a team the caller is not in is 403 and is not recorded")
    func foreignTeamFilter() async throws {
        try await seed()
        let key = api.keys.seed(userID: owner, scopes: [.searchRead])
        let refused = try await search(
            #"{"query":"starbucks","filters":{"teamId":"\#(foreignTeam.lowercased)"}}"#, key: key)
        #expect(refused.status == 403 && refused.errorCode == "ACCESS_DENIED" && leaksNothing(refused))
        #expect(api.searchHistory.all.isEmpty)
    }

    @Test("hostile query text is only text: 400 or 200, never another tenant's data, nothing changed")
    func hostileText() async throws {
        try await seed()
        let key = api.keys.seed(userID: owner, scopes: [.searchRead])
        let receipts = api.receipts.all.count, claims = api.claims.all.count
        let queries = [
            #"'; DELETE FROM receipts; -- \" OR 1=1 starbucks"#, "starbucks' UNION SELECT * FROM receipts --",
            "<script>alert(1)</script> starbucks", #"\"starbucks"#, "-starbucks", "starbucks:* | !tesco & (",
            "%_\\\\ starbucks", String(repeating: "starbucks ", count: 60)
        ]
        for query in queries {
            let body = try JSONSerialization.data(withJSONObject: ["query": query])
            let answer = try await search(String(decoding: body, as: UTF8.self), key: key)
            #expect([200, 400].contains(answer.status) && leaksNothing(answer), "\(query)")
        }
        for prefix in ["%", "%%", "_t%", "st%' OR '1'='1"] {
            let body = try JSONSerialization.data(withJSONObject: ["query": prefix])
            let answer = try await api.send(
                .post, "/api/v1/search/suggestions", key: key, json: String(decoding: body, as: UTF8.self))
            #expect(answer.status == 200 && leaksNothing(answer), "\(prefix)")
            #expect(!(answer.data["suggestions"] as? [String] ?? []).contains("Starbucks KLCC"), "wildcards are text")
        }
        #expect(api.receipts.all.count == receipts && api.claims.all.count == claims)
    }

    @Test("a word finds the caller's receipts and claims, as the start of a word too, highlighted; a miss suggests")
    func wordMatches() async throws {
        try await seed()
        let key = api.keys.seed(userID: owner, scopes: [.searchRead])
        let found = try await search(#"{"query":"macchiato"}"#, key: key)
        let first = try #require((found.data["results"] as? [[String: Any]])?.first)
        #expect(first["title"] as? String == "Starbucks KLCC" && first["type"] as? String == "receipt")
        #expect((first["highlights"] as? [String])?.first?.contains("«macchiato»") == true)
        let prefix = try await api.send(
            .post, "/api/v1/search/query", key: key, json: #"{"query":"starb","sources":["receipts"],"limit":1}"#)
        #expect(titles(prefix).count == 1 && prefix.data["total"] as? Int == 2)
        #expect(prefix.data["searchType"] as? String == "lexical")
        let none = try await search(#"{"query":"zzzyxnothing"}"#, key: key)
        #expect(none.data["total"] as? Int == 0 && (none.data["suggestions"] as? [String])?.count == 5)
        let sources = try await api.send(.get, "/api/v1/search/sources", key: key)
        #expect(sources.data["tier"] as? String == "pro" && sources.data["totalAvailable"] as? Int == 3)
    }

    @Test("recent searches: the caller's own, newest first, verbatim, with the team; limit honoured and checked")
    func recentSearches() async throws {
        let key = api.keys.seed(userID: owner, scopes: [.searchRead])
        let other = api.keys.seed(userID: stranger, scopes: [.searchRead])
        _ = try await search(#"{"query":"stranger's secret"}"#, key: other)
        for query in ["kopi", "nasi lemak"] { _ = try await search(#"{"query":"\#(query)"}"#, key: key) }
        _ = try await search(#"{"query":"<b>teh</b>","filters":{"teamId":"\#(team.lowercased)"}}"#, key: key)
        let recent = try await api.send(.get, "/api/v1/search/recent", key: key)
        let searches = recent.data["searches"] as? [[String: Any]] ?? []
        #expect(searches.compactMap { $0["query"] as? String } == ["<b>teh</b>", "nasi lemak", "kopi"])
        #expect(searches.first?["teamId"] as? String == team.lowercased)
        #expect(searches.first?["sources"] as? [String] == ["receipts", "claims"])
        #expect(!recent.body.contains("secret") && recent.data["total"] as? Int == 3)
        let limited = try await api.send(.get, "/api/v1/search/recent?limit=1", key: key)
        #expect((limited.data["searches"] as? [Any])?.count == 1)
        for limit in ["0", "51", "x"] {
            #expect(try await api.send(.get, "/api/v1/search/recent?limit=\(limit)", key: key).status == 400)
        }
    }

    @Test("bad bodies are 400, name their fields and record nothing")
    func badInput() async throws {
        let key = api.keys.seed(userID: owner, scopes: [.searchRead])
        let bodies = [
            "[1,2", "{}", #"{"query":5}"#, #"{"query":"x","limit":1000}"#, #"{"query":"x","offset":-1}"#,
            #"{"query":"x","limit":2.5}"#, #"{"query":"x","sources":"receipts"}"#, #"{"query":"x","sources":[]}"#,
            #"{"query":"x","filters":"team"}"#, #"{"query":"x","filters":{"teamId":"nope"}}"#,
            #"{"query":"\#(String(repeating: "a", count: 501))"}"#
        ]
        for body in bodies {
            #expect(try await search(body, key: key).status == 400, "\(body)")
        }
        let invalid = try await search(
            #"{"query":" ","limit":1000,"offset":-1,"sources":["web"],"includeEmbeddings":"yes"}"#, key: key)
        #expect(invalid.invalidFields == ["query", "limit", "offset", "sources", "includeEmbeddings"])
        let suggestion = try await api.send(.post, "/api/v1/search/suggestions", key: key, json: #"{"query":[]}"#)
        #expect(suggestion.status == 400)
        #expect(api.searchHistory.all.isEmpty)
    }
}
