import Foundation
import MataresitCore
@testable import MataresitStore
import PostgresNIO
import Testing

/// `/me`, `/categories`, `/analytics` (tier gate, range validation), `/search` (lexical, isolated, using the
/// seed's GIN index) and the gamification stubs.
@Suite("Me, categories, analytics, search and gamification")
struct AccountInsightTests {
    @Test("me, categories, analytics, search, gamification: success, validation, 401/403/404, isolation")
    func endpoints() async throws {
        try await TestDatabase.with { database in
            let alice = try await TestTenant.create(in: database, tier: .pro)
            let bob = try await TestTenant.create(in: database, tier: .max)
            let free = try await TestTenant.create(in: database, tier: .free)
            let narrow = try await alice.key(scopes: [.receiptsRead], in: database)
            let categories = CategoryStore(client: database.client, logger: database.logger)
            let personal = try await categories.create(name: Hostile.html, userID: alice.user.id, color: "#ff0000")
            _ = try await categories.create(name: "Team travel", userID: alice.user.id, teamID: alice.teamID)
            _ = try await categories.create(name: "Bob's", userID: bob.user.id)
            try await RunningSystem.with(database: database, cluster: try TestCluster(), stages: []) { system in
                try await me(system, alice: alice, narrow: narrow)
                try await categoryList(system, alice: alice, bob: bob, personal: personal)
                try await analytics(system, alice: alice, bob: bob, free: free, narrow: narrow)
                try await search(system, alice: alice, bob: bob, free: free, narrow: narrow)
                for path in ["/api/v1/gamification/profile", "/api/v1/gamification/leaderboard?metric=weekly_xp"] {
                    #expect(try await system.send("GET", path, key: alice.key).code == "NOT_IMPLEMENTED")
                    #expect(try await system.send("GET", path, key: narrow).status == 403)
                }
            }
            try await searchUsesIndex(database)
        }
    }

    func me(_ system: RunningSystem, alice: TestTenant, narrow: APIKeySecret) async throws {
        let me = try await system.send("GET", "/api/v1/me", key: alice.key)
        #expect(me.status == 200)
        let user = me.data?["user"] as? [String: Any]
        #expect(user?["id"] as? String == alice.user.id.lowercased)
        #expect(user?["email"] as? String == alice.user.email)
        #expect(user?["preferredCurrency"] as? String == "MYR")
        let subscription = me.data?["subscription"] as? [String: Any]
        #expect(subscription?["tier"] as? String == "pro")
        #expect((subscription?["limits"] as? [String: Any])?["monthlyReceipts"] as? Int == 500)
        let teams = me.data?["teams"] as? [[String: Any]] ?? []
        #expect(teams.first?["role"] as? String == "owner")
        #expect(try await system.send("GET", "/api/v1/me", key: narrow).code == "INSUFFICIENT_PERMISSIONS")
        #expect(try await system.send("GET", "/api/v1/me", key: nil).status == 401)
    }

    func categoryList(_ system: RunningSystem, alice: TestTenant, bob: TestTenant, personal: UUID) async throws {
        _ = try await system.send(
            "POST", "/api/v1/receipts", key: alice.key,
            json: ["merchant": "Categorised", "date": "2026-01-01", "total": 1, "customCategoryId": personal.lowercased]
        )
        let foreign = try await system.send(
            "POST", "/api/v1/receipts", key: bob.key,
            json: ["merchant": "x", "date": "2026-01-01", "total": 1, "customCategoryId": personal.lowercased])
        #expect(foreign.invalidFields == ["customCategoryId"], "bob cannot use alice's category")
        let own = try await system.send("GET", "/api/v1/categories", key: alice.key)
        let list = own.data?["categories"] as? [[String: Any]] ?? []
        #expect(list.compactMap { $0["name"] as? String } == [Hostile.html])
        #expect(list.first?["receiptCount"] as? Int == 1)
        #expect(list.first?["isTeamCategory"] as? Bool == false)
        let team = try await system.send("GET", "/api/v1/categories?team_id=\(alice.teamID.lowercased)", key: alice.key)
        #expect((team.data?["categories"] as? [[String: Any]])?.first?["name"] as? String == "Team travel")
        #expect(team.data?["count"] as? Int == 1)
        #expect(
            try await system.send("GET", "/api/v1/categories?team_id=\(alice.teamID.lowercased)", key: bob.key).status
                == 403)
        #expect(
            try await system.send("GET", "/api/v1/categories?team_id=zzz", key: alice.key).invalidFields == ["team_id"])
        let bobs = try await system.send("GET", "/api/v1/categories", key: bob.key)
        #expect((bobs.data?["categories"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["Bob's"])
    }

    func analytics(
        _ system: RunningSystem, alice: TestTenant, bob: TestTenant, free: TestTenant, narrow: APIKeySecret
    ) async throws {
        let rows: [(String, Double, String, String?, String?)] = [
            ("Grab", 20, "MYR", "Transport", "card"), ("Grab", 30, "MYR", "Transport", "card"),
            ("Tealive", 50, "MYR", "Food", "cash"), ("Amazon", 99, "USD", "Shopping", nil)
        ]
        for (merchant, total, currency, category, method) in rows {
            var body: [String: Any] = ["merchant": merchant, "date": todayUTC, "total": total, "currency": currency]
            body["category"] = category
            body["paymentMethod"] = method
            #expect(try await system.send("POST", "/api/v1/receipts", key: alice.key, json: body).status == 201)
        }
        let overview = try await system.send("GET", "/api/v1/analytics?currency=MYR", key: alice.key)
        #expect(overview.status == 200)
        let summary = overview.data?["summary"] as? [String: Any]
        #expect(number(summary?["totalAmount"]) == 100)
        #expect(summary?["totalReceipts"] as? Int == 3)
        let breakdown = overview.data?["categoryBreakdown"] as? [[String: Any]] ?? []
        #expect(
            breakdown.first?["category"] as? String == "Food" || breakdown.first?["category"] as? String == "Transport")
        #expect(breakdown.compactMap { number($0["percentage"]) }.reduce(0, +) == 100)
        #expect((overview.data?["topMerchants"] as? [[String: Any]])?.first?["merchant"] as? String == "Grab")
        #expect((overview.data?["insights"] as? [String])?.isEmpty == false)
        let usd = try await system.send("GET", "/api/v1/analytics/spending", key: alice.key)
        #expect(number((usd.data?["summary"] as? [String: Any])?["totalAmount"]) == 99, "default USD; unknown sections")
        let categories = try await system.send(
            "GET", "/api/v1/analytics/categories?currency=MYR&categories=Food", key: alice.key)
        #expect((categories.data?["categories"] as? [[String: Any]])?.count == 1)
        #expect(categories.data?["totalReceipts"] as? Int == 1)
        let change = try await system.send("GET", "/api/v1/analytics/summary?currency=MYR", key: alice.key)
        let previous = change.data?["previousPeriodChange"] as? [String: Any]
        #expect(number(previous?["amount"]) == 100)
        #expect(previous?["percentage"] is NSNull)
        let bobs = try await system.send("GET", "/api/v1/analytics?currency=MYR", key: bob.key)
        #expect((bobs.data?["summary"] as? [String: Any])?["totalReceipts"] as? Int == 0, "bob sees none of alice's")
        #expect(
            try await system.send("GET", "/api/v1/analytics?team_id=\(alice.teamID.lowercased)", key: bob.key).status
                == 403)

        let tier = try await system.send("GET", "/api/v1/analytics", key: free.key)
        #expect(tier.status == 403)
        #expect(tier.json?["message"] as? String == "Analytics features require Pro or Max subscription")
        #expect(try await system.send("GET", "/api/v1/analytics", key: narrow).code == "INSUFFICIENT_PERMISSIONS")
        let reversed = try await system.send(
            "GET", "/api/v1/analytics?start_date=2026-05-01&end_date=2026-04-01", key: alice.key)
        #expect(reversed.invalidFields == ["start_date"])
        let long = try await system.send(
            "GET", "/api/v1/analytics/summary?start_date=2024-01-01&end_date=2025-06-01", key: alice.key)
        #expect(long.invalidFields == ["end_date"])
        #expect(try await system.send("GET", "/api/v1/analytics/trends", key: alice.key).status == 501)
        #expect(try await system.send("POST", "/api/v1/analytics/custom", key: alice.key, json: [:]).status == 501)
        #expect(try await system.send("GET", "/api/v1/analytics", key: nil).status == 401)
    }

    func search(
        _ system: RunningSystem, alice: TestTenant, bob: TestTenant, free: TestTenant, narrow: APIKeySecret
    ) async throws {
        _ = try await system.send(
            "POST", "/api/v1/receipts", key: alice.key,
            json: [
                "merchant": "Starbucks KLCC", "date": "2026-02-01", "total": 15,
                "fullText": "Caramel macchiato grande " + Hostile.html
            ])
        _ = try await system.send(
            "POST", "/api/v1/receipts", key: bob.key,
            json: ["merchant": "Starbucks Bangsar", "date": "2026-02-01", "total": 9])
        _ = try await system.send(
            "POST", "/api/v1/claims", key: alice.key,
            json: ["teamId": alice.teamID.lowercased, "title": "Starbucks client meeting", "amount": 40])

        let found = try await system.send("POST", "/api/v1/search", key: alice.key, json: ["query": "starbucks"])
        #expect(found.status == 200)
        #expect(found.data?["searchType"] as? String == "lexical")
        let results = found.data?["results"] as? [[String: Any]] ?? []
        #expect(Set(results.compactMap { $0["type"] as? String }) == ["receipt", "claim"])
        #expect(!results.contains { $0["title"] as? String == "Starbucks Bangsar" }, "bob's receipt stays his")
        #expect(results.allSatisfy { (number($0["similarity"]) ?? 0) > 0 })
        #expect((results.first?["highlights"] as? [String])?.first?.contains("«") == true)
        #expect(found.data?["total"] as? Int == 2)
        let macchiato = try await system.send(
            "POST", "/api/v1/search/query", key: alice.key,
            json: ["query": "macchiato", "sources": ["receipts"], "limit": 5])
        #expect(
            (macchiato.data?["results"] as? [[String: Any]])?.first?["content"] as? String
                == "Caramel macchiato grande " + Hostile.html)
        let hostile = try await system.send(
            "POST", "/api/v1/search", key: alice.key,
            json: ["query": "'; DELETE FROM receipts; -- \" OR 1=1 <img onerror=x> !:*&|"])
        #expect(hostile.status == 200)
        let none = try await system.send("POST", "/api/v1/search", key: alice.key, json: ["query": "zzzyxnothing"])
        #expect(none.data?["total"] as? Int == 0)
        #expect((none.data?["suggestions"] as? [String])?.count == 5)
        let bobs = try await system.send(
            "POST", "/api/v1/search", key: bob.key,
            json: ["query": "starbucks", "filters": ["teamId": alice.teamID.lowercased]])
        #expect(bobs.status == 403)

        let invalid = try await system.send(
            "POST", "/api/v1/search", key: alice.key,
            json: ["query": " ", "limit": 1000, "offset": -1, "sources": ["web"], "includeEmbeddings": "yes"])
        #expect(invalid.invalidFields == ["query", "limit", "offset", "sources", "includeEmbeddings"])
        let advanced = try await system.send(
            "POST", "/api/v1/search", key: free.key,
            json: ["query": "starbucks", "sources": ["receipts", "business_directory", "claims"]])
        #expect(advanced.status == 403)
        #expect(
            try await system.send("POST", "/api/v1/search", key: free.key, json: ["query": "starbucks"]).status == 200)
        #expect(try await system.send("POST", "/api/v1/search", key: narrow, json: ["query": "x"]).status == 403)
        #expect(try await system.send("POST", "/api/v1/search", key: nil, json: ["query": "x"]).status == 401)

        let suggestions = try await system.send(
            "POST", "/api/v1/search/suggestions", key: alice.key, json: ["query": "star"])
        let list = suggestions.data?["suggestions"] as? [String] ?? []
        #expect(list.first == "Starbucks KLCC")
        #expect(list.count == 5)
        let short = try await system.send("POST", "/api/v1/search/suggestions", key: alice.key, json: ["query": "s"])
        #expect((short.data?["suggestions"] as? [String])?.isEmpty == true)
        let sources = try await system.send("GET", "/api/v1/search/sources", key: free.key)
        #expect(sources.data?["tier"] as? String == "free")
        #expect(sources.data?["totalAvailable"] as? Int == 1)
    }

    /// The receipt search statement is answered from `idx_receipts_search` (the seed's GIN index) and the merchant
    /// trigram index.
    func searchUsesIndex(_ database: TestDatabase) async throws {
        let statement = try #require(SearchStatements.sql(for: .receipts))
        try await database.client.withConnection { connection in
            try await connection.query("SET enable_seqscan = off", logger: database.logger)
            let binds = try SearchStore.binds(SearchTerms(parsing: "starbucks"), userID: UUID(), teamID: nil, limit: 20)
            let rows = try await connection.query(
                PostgresQuery(unsafeSQL: "EXPLAIN " + statement, binds: binds), logger: database.logger)
            var plan: [String] = []
            for try await line in rows.decode(String.self) { plan.append(line) }
            #expect(plan.contains { $0.contains("idx_receipts_search") }, "\(plan.joined(separator: "\n"))")
            #expect(plan.contains { $0.contains("idx_receipts_merchant_trgm") }, "\(plan.joined(separator: "\n"))")
        }
    }
}
