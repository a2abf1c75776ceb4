import Foundation
import MataresitCore
import MataresitStore
import Testing

/// `GET /search/recent`: the caller's own searches, newest first, with the text they searched for.
@Suite("Search recent")
struct SearchRecentTests {
    @Test("recent searches: own only, newest first, verbatim text, limit validation, scope")
    func recentSearches() async throws {
        try await TestDatabase.with { database in
            let alice = try await TestTenant.create(in: database, tier: .pro)
            let bob = try await TestTenant.create(in: database, tier: .pro)
            let noSearch = try await alice.key(scopes: [.receiptsRead], in: database)
            try await RunningSystem.with(database: database, cluster: try TestCluster(), stages: []) { system in
                for query in ["coffee", Hostile.unicode, "coffee"] {
                    let result = try await system.send(
                        "POST", "/api/v1/search", key: alice.key,
                        json: ["query": query, "sources": ["receipts"], "filters": ["teamId": alice.teamID.lowercased]])
                    #expect(result.status == 200)
                }
                let hit = try await system.send(
                    "POST", "/api/v1/search", key: alice.key,
                    json: [
                        "query": "coffee", "sources": ["receipts"],
                        "filters": ["teamId": alice.teamID.lowercased]
                    ])
                #expect(hit.header("X-Cache") == "HIT", "the same search is answered from the cache")

                let recent = try await system.send("GET", "/api/v1/search/recent", key: alice.key)
                #expect(recent.status == 200)
                let searches = recent.data?["searches"] as? [[String: Any]] ?? []
                #expect(
                    searches.compactMap { $0["query"] as? String } == ["coffee", "coffee", Hostile.unicode, "coffee"])
                #expect(searches.first?["sources"] as? [String] == ["receipts"])
                #expect(searches.first?["teamId"] as? String == alice.teamID.lowercased)
                let two = try await system.send("GET", "/api/v1/search/recent?limit=2", key: alice.key)
                #expect((two.data?["searches"] as? [Any])?.count == 2 && two.data?["total"] as? Int == 2)

                let bobs = try await system.send("GET", "/api/v1/search/recent", key: bob.key)
                #expect(bobs.status == 200 && (bobs.data?["searches"] as? [Any])?.isEmpty == true)
                for bad in ["0", "51", "ten"] {
                    let invalid = try await system.send("GET", "/api/v1/search/recent?limit=\(bad)", key: alice.key)
                    #expect(invalid.status == 400 && invalid.invalidFields == ["limit"])
                }
                #expect(try await system.send("GET", "/api/v1/search/recent", key: noSearch).status == 403)
                #expect(try await system.send("GET", "/api/v1/search/recent", key: nil).status == 401)
            }
        }
    }
}
