import Foundation
import MataresitCore
import MataresitStore
import Testing

/// `/receipts` in process: scopes, foreign tenants and team roles first, then the owner's reads and writes.
@Suite("Receipts group (in process)")
struct ReceiptsGroupTests {
    let api: InProcessAPI
    let owner = UUID(), stranger = UUID()
    let newReceipt =
        #"{"merchant":"Kedai Kopi","date":"2026-11-20","total":12.5,"currency":"MYR","#
        + #""lineItems":[{"description":"kopi","quantity":2,"unitPrice":6.25}]}"#

    init() throws { api = try InProcessAPI() }

    func seedReceipt(
        of userID: UUID, team: UUID? = nil, merchant: String = "Tesco", total: Decimal = 10,
        date: String = "2026-11-01"
    ) async throws -> Receipt {
        var new = NewReceipt(merchant: merchant, date: date, total: total, category: "Groceries")
        new.teamID = team
        return try await api.receipts.create(new, userID: userID, monthlyLimit: nil)
    }

    @Test("a key without the scope is 403 for each verb and changes nothing")
    func scopes() async throws {
        let reader = api.keys.seed(userID: owner, scopes: [.receiptsRead])
        let writer = api.keys.seed(userID: owner, scopes: [.receiptsWrite])
        let receipt = try await seedReceipt(of: owner)
        let path = "/api/v1/receipts/\(receipt.id.lowercased)"
        #expect(try await api.send(.get, "/api/v1/receipts", key: writer).status == 403)
        #expect(try await api.send(.post, "/api/v1/receipts", key: reader, json: newReceipt).status == 403)
        #expect(try await api.send(.patch, path, key: reader, json: #"{"merchant":"X"}"#).status == 403)
        #expect(try await api.send(.delete, path, key: writer).status == 403)
        #expect(api.receipts.all == [receipt])
    }

    @Test("another user's receipt: 403 to read, change or delete; absent from lists; foreign team filter 403")
    func foreignTenant() async throws {
        let attacker = api.keys.seed(userID: owner, scopes: Scope.allCases)
        let foreign = try await seedReceipt(of: stranger, merchant: "Secret Spa")
        let path = "/api/v1/receipts/\(foreign.id.lowercased)"
        let statuses = [
            try await api.send(.get, path, key: attacker).status,
            try await api.send(.get, path + "/image", key: attacker).status,
            try await api.send(.put, path, key: attacker, json: #"{"total":1}"#).status,
            try await api.send(.delete, path, key: attacker).status
        ]
        #expect(statuses == [403, 403, 403, 403])
        #expect(api.receipts.all == [foreign])
        let listed = try await api.send(.get, "/api/v1/receipts", key: attacker)
        #expect(listed.status == 200 && !listed.body.contains("Secret Spa"))
        let team = UUID()
        api.teams.add(stranger, to: team, as: .owner)
        #expect(try await api.send(.get, "/api/v1/receipts?team_id=\(team.lowercased)", key: attacker).status == 403)
    }

    @Test("team receipts: a viewer reads only, a member edits but cannot delete, an admin deletes")
    func teamRoles() async throws {
        let team = UUID(), viewer = UUID(), member = UUID(), admin = UUID()
        for (user, role) in [(viewer, TeamRole.viewer), (member, .member), (admin, .admin)] {
            api.teams.add(user, to: team, as: role)
        }
        let receipt = try await seedReceipt(of: stranger, team: team)
        let path = "/api/v1/receipts/\(receipt.id.lowercased)"
        let keys = [viewer, member, admin].map { api.keys.seed(userID: $0, scopes: Scope.allCases) }
        #expect(try await api.send(.get, path, key: keys[0]).status == 200)
        #expect(try await api.send(.patch, path, key: keys[0], json: #"{"merchant":"V"}"#).status == 403)
        #expect(try await api.send(.patch, path, key: keys[1], json: #"{"merchant":"M"}"#).status == 200)
        #expect(try await api.send(.delete, path, key: keys[1]).status == 403)
        #expect(try await api.send(.delete, path, key: keys[2]).status == 200)
        #expect(api.receipts.all.isEmpty)
        let teamList = try await api.send(.get, "/api/v1/receipts?team_id=\(team.lowercased)", key: keys[0])
        #expect(teamList.status == 200)
    }

    @Test("create: 201 with line items on read-back, a cache invalidation event; past the monthly quota 429")
    func createAndQuota() async throws {
        let key = api.keys.seed(userID: owner, tier: .free, scopes: Scope.allCases)
        let created = try await api.send(.post, "/api/v1/receipts", key: key, json: newReceipt)
        #expect(created.status == 201)
        let id = try #require(created.data["id"] as? String)
        let detail = try await api.send(.get, "/api/v1/receipts/\(id)", key: key)
        let items = try #require(detail.data["line_items"] as? [[String: Any]])
        #expect(items.count == 1 && items.first?["description"] as? String == "kopi")
        #expect(api.publisher.published.contains { if case .cacheInvalidation = $0.payload { true } else { false } })
        for _ in 1..<50 { _ = try await seedReceipt(of: owner) }
        let refused = try await api.send(.post, "/api/v1/receipts", key: key, json: newReceipt)
        #expect(refused.status == 429 && refused.errorCode == "SUBSCRIPTION_LIMIT_EXCEEDED")
        #expect(api.receipts.all.count == 50)
    }

    @Test("list: filters, order and pagination as the query asks")
    func listing() async throws {
        let key = api.keys.seed(userID: owner, scopes: [.receiptsRead])
        for (index, merchant) in ["Tesco", "Tesco Extra", "Shell", "IKEA", "tesco mini"].enumerated() {
            _ = try await seedReceipt(of: owner, merchant: merchant, total: Decimal(10 * (index + 1)))
        }
        let page = try await api.send(
            .get, "/api/v1/receipts?merchant=tesco&sort_by=total&sort_order=asc&limit=2&page=1", key: key)
        #expect(page.status == 200)
        let receipts = try #require(page.data["receipts"] as? [[String: Any]])
        #expect(receipts.compactMap { $0["merchant"] as? String } == ["Tesco", "Tesco Extra"])
        let pagination = try #require(page.data["pagination"] as? [String: Any])
        #expect(pagination["total"] as? Int == 3 && pagination["hasNextPage"] as? Bool == true)
        let ranged = try await api.send(.get, "/api/v1/receipts?min_amount=20&max_amount=40", key: key)
        #expect((ranged.data["receipts"] as? [Any])?.count == 3)
    }

    @Test("list pages are cached per caller and query; the owner's write and a team admin's change refresh them")
    func cachedPages() async throws {
        let team = UUID(), admin = UUID()
        api.teams.add(owner, to: team, as: .member)
        api.teams.add(admin, to: team, as: .admin)
        let ownerKey = api.keys.seed(userID: owner, scopes: Scope.allCases)
        let adminKey = api.keys.seed(userID: admin, scopes: Scope.allCases)
        let strangerKey = api.keys.seed(userID: stranger, scopes: Scope.allCases)
        let shared = try await seedReceipt(of: owner, team: team, merchant: "Team Lunch")
        func page(_ key: APIKeySecret) async throws -> (cache: String?, merchants: [String]) {
            let answer = try await api.send(.get, "/api/v1/receipts", key: key)
            #expect(answer.status == 200)
            let rows = answer.data["receipts"] as? [[String: Any]] ?? []
            return (answer.cacheStatus, rows.compactMap { $0["merchant"] as? String })
        }
        #expect(try await page(ownerKey) == ("MISS", ["Team Lunch"]))
        #expect(try await page(ownerKey) == ("HIT", ["Team Lunch"]))
        #expect(try await page(strangerKey) == ("MISS", []), "another caller never gets the owner's page")
        #expect(try await api.send(.post, "/api/v1/receipts", key: ownerKey, json: newReceipt).status == 201)
        #expect(try await page(ownerKey) == ("MISS", ["Kedai Kopi", "Team Lunch"]))
        #expect(try await page(ownerKey) == ("HIT", ["Kedai Kopi", "Team Lunch"]))
        let path = "/api/v1/receipts/\(shared.id.lowercased)"
        #expect(try await api.send(.delete, path, key: adminKey).status == 200)
        #expect(try await page(ownerKey) == ("MISS", ["Kedai Kopi"]), "the team admin's delete refreshes the page")
    }

    @Test("bad bodies, queries and ids are 400 and create nothing")
    func badInput() async throws {
        let key = api.keys.seed(userID: owner, scopes: Scope.allCases)
        let answers = [
            try await api.send(.post, "/api/v1/receipts", key: key, json: "[1,2"),
            try await api.send(.post, "/api/v1/receipts", key: key, json: #"{"merchant":"A","date":"2026-11-01"}"#),
            try await api.send(.post, "/api/v1/receipts", key: key, json: #"{"merchant":"A","date":"x","total":1}"#),
            try await api.send(
                .post, "/api/v1/receipts", key: key, json: #"{"merchant":"A","date":"2026-11-01","total":-1}"#),
            try await api.send(
                .post, "/api/v1/receipts", key: key, json: #"{"merchant":7,"date":"2026-11-01","total":1}"#),
            try await api.send(.get, "/api/v1/receipts?sort_by=password", key: key),
            try await api.send(.get, "/api/v1/receipts?min_amount=lots", key: key),
            try await api.send(.get, "/api/v1/receipts/42", key: key)
        ]
        #expect(answers.map(\.status) == Array(repeating: 400, count: 8))
        #expect(api.receipts.all.isEmpty)
    }
}
