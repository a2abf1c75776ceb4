import Foundation
import MataresitCore
import MataresitStore
import Testing

/// `GET /api/v1/openapi.json`: served without a key, valid per `openapi-spec-validator`, and the real responses
/// of the resource endpoints (successes and errors) match the schemas it documents.
@Suite("OpenAPI document")
struct OpenAPITests {
    @Test("the document validates and real responses match its schemas")
    func documentAndContract() async throws {
        try OpenAPIChecker.ensureValidatorInstalled()
        try await TestDatabase.with { database in
            let alice = try await TestTenant.create(in: database, tier: .max)
            let bob = try await TestTenant.create(in: database, tier: .free)
            let admin = try await alice.key(scopes: [.adminAll], in: database)
            try await bob.join(alice.teamID, as: .member, in: database)
            try await RunningSystem.with(database: database, cluster: try TestCluster(), stages: []) { system in
                let document = try await system.request("GET", "/api/v1/openapi.json")
                #expect(document.status == 200)
                #expect(document.json?["openapi"] as? String == "3.1.0")
                let historical = try await system.request("GET", "/functions/v1/external-api/api/v1/openapi.json")
                #expect(historical.raw == document.raw)
                #expect(try OpenAPIChecker.validate(document: document.raw) == 0, "openapi-spec-validator failed")
                let samples = try await exercise(system, alice: alice, bob: bob, admin: admin)
                #expect(samples.count > 40)
                #expect(
                    try OpenAPIChecker.check(samples, document: document.raw) == 0, "responses differ from the document"
                )
            }
        }
    }

    /// Calls most endpoints once or twice and records every response.
    func exercise(_ system: RunningSystem, alice: TestTenant, bob: TestTenant, admin: APIKeySecret) async throws
        -> [OpenAPIChecker.Sample]
    {
        var samples: [OpenAPIChecker.Sample] = []
        func call(
            _ method: String, _ template: String, _ path: String? = nil, key: APIKeySecret? = nil,
            json: [String: Any]? = nil
        ) async throws -> HTTPResult {
            let concrete = path ?? template
            let result = try await system.send(method, "/api/v1/" + concrete, key: key ?? alice.key, json: json)
            samples.append(.init(method: method, template: template, status: result.status, body: result.raw))
            return result
        }
        let team = alice.teamID.lowercased
        let receipt = try await call(
            "POST", "receipts",
            json: [
                "merchant": Hostile.sql, "date": "2026-11-01", "total": 12.3, "tax": 1, "category": "Food",
                "teamId": team, "lineItems": [["description": "Nasi lemak", "unitPrice": 6, "quantity": 2]]
            ])
        let id = try #require(receipt.data?["id"] as? String)
        _ = try await call("POST", "receipts", json: ["merchant": ""])
        _ = try await call("GET", "receipts", "receipts?merchant=robert&sort_by=total")
        _ = try await call("GET", "receipts", "receipts?sort_by=nope")
        _ = try await call("GET", "receipts", key: bob.key)
        _ = try await call("GET", "receipts/{id}", "receipts/\(id)")
        _ = try await call("GET", "receipts/{id}", "receipts/\(UUID())")
        _ = try await call("GET", "receipts/{id}/image", "receipts/\(id)/image")
        _ = try await call("PATCH", "receipts/{id}", "receipts/\(id)", json: ["tax": NSNull(), "status": "reviewed"])
        _ = try await call("PUT", "receipts/{id}", "receipts/\(id)", json: ["merchant": "Mamak"])
        _ = try await call(
            "POST", "receipts/batch",
            json: ["receipts": [["merchant": "A", "date": "2026-11-02", "total": 1], [String: Any]()]])
        let quick = try await call("POST", "receipts/quick", json: ["merchant": "Kopi", "total": 3])
        _ = try await call("DELETE", "receipts/{id}", "receipts/\(quick.data?["id"] as? String ?? "")")

        let claim = try await call(
            "POST", "claims",
            json: ["teamId": team, "title": "Client dinner", "amount": 88, "description": Hostile.html])
        let claimID = try #require(claim.data?["id"] as? String)
        _ = try await call("POST", "claims", json: ["title": "x"])
        _ = try await call("GET", "claims", "claims?status=draft")
        _ = try await call("GET", "claims/{id}", "claims/\(claimID)")
        _ = try await call("PATCH", "claims/{id}", "claims/\(claimID)", json: ["status": "submitted"])
        _ = try await call("PUT", "claims/{id}", "claims/\(claimID)", json: ["status": "approved"])
        _ = try await call("POST", "claims/{id}/receipts", "claims/\(claimID)/receipts", json: ["receiptIds": [id]])
        _ = try await call("GET", "claims/{id}/receipts", "claims/\(claimID)/receipts")
        _ = try await call("DELETE", "claims/{id}/receipts", "claims/\(claimID)/receipts", json: ["receiptIds": [id]])
        _ = try await call("DELETE", "claims/{id}", "claims/\(claimID)")
        let draft = try await call("POST", "claims", json: ["teamId": team, "title": "Taxi", "amount": 8])
        _ = try await call("DELETE", "claims/{id}", "claims/\(draft.data?["id"] as? String ?? "")")

        _ = try await call("GET", "teams")
        _ = try await call("GET", "teams/{id}", "teams/\(team)")
        _ = try await call("GET", "teams/{id}", "teams/\(bob.teamID.lowercased)")
        _ = try await call("GET", "teams/{id}/members", "teams/\(team)/members")
        _ = try await call("GET", "teams/{id}/receipts", "teams/\(team)/receipts")
        _ = try await call("GET", "teams/{id}/stats", "teams/\(team)/stats")
        _ = try await call(
            "POST", "teams/{id}/update-member-role", "teams/\(team)/update-member-role", key: admin,
            json: ["user_id": bob.user.id.lowercased, "new_role": "viewer"])
        _ = try await call(
            "POST", "teams/{id}/bulk-remove", "teams/\(team)/bulk-remove", key: admin,
            json: ["user_ids": [UUID().uuidString]])
        _ = try await call(
            "POST", "teams/{id}/remove-member", "teams/\(team)/remove-member", key: alice.key,
            json: ["user_id": bob.user.id.lowercased])
        _ = try await call(
            "DELETE", "teams/{id}/members/{userId}", "teams/\(team)/members/\(bob.user.id.lowercased)", key: admin)
        _ = try await call("GET", "teams/{id}/activity", "teams/\(team)/activity")

        _ = try await call("GET", "me")
        _ = try await call("GET", "categories")
        _ = try await call("GET", "analytics", "analytics?currency=MYR")
        _ = try await call("GET", "analytics", key: bob.key)
        _ = try await call("GET", "analytics/summary")
        _ = try await call("GET", "analytics/categories")
        _ = try await call("GET", "analytics/{section}", "analytics/spending")
        _ = try await call("GET", "analytics/trends")
        _ = try await call("POST", "search", json: ["query": "robert"])
        _ = try await call("POST", "search/query", json: ["query": "dinner", "sources": ["claims", "team_members"]])
        _ = try await call("POST", "search", json: ["query": ""])
        _ = try await call("POST", "search/suggestions", json: ["query": "ma"])
        _ = try await call("GET", "search/sources")
        _ = try await call("GET", "search/recent", "search/recent?limit=5")
        _ = try await call("GET", "search/recent", "search/recent?limit=0")
        let key = try await call(
            "POST", "keys",
            json: ["name": "contract key", "scopes": ["receipts:read"], "allowedIps": ["203.0.113.0/24"]])
        let keyID = try #require(key.data?["id"] as? String)
        _ = try await call("POST", "keys", json: ["name": "x"])
        _ = try await call("GET", "keys")
        _ = try await call("GET", "keys/{id}", "keys/\(keyID)")
        _ = try await call("GET", "keys/{id}", "keys/\(UUID())")
        _ = try await call("PATCH", "keys/{id}", "keys/\(keyID)", json: ["description": Hostile.html, "allowedIps": []])
        _ = try await call("PUT", "keys/{id}", "keys/\(keyID)", json: ["allowedIps": ["not an address"]])
        _ = try await call("POST", "keys/{id}/rotate", "keys/\(keyID)/rotate", json: ["graceHours": 1])
        _ = try await call("DELETE", "keys/{id}", "keys/\(keyID)")
        _ = try await call("GET", "usage", "usage?days=7")
        _ = try await call("GET", "usage", "usage?days=0")
        _ = try await call("GET", "usage/rate-limits")
        _ = try await call("GET", "analytics/api-usage")
        _ = try await call("GET", "analytics/api-usage", key: bob.key)
        _ = try await call("GET", "gamification/profile")
        _ = try await call("GET", "health")
        let performance = try await call("GET", "performance", key: admin)
        #expect(performance.data?["status"] as? String == "healthy")
        let health = performance.data?["health"] as? [String: Any]
        #expect(
            health?["status"] as? String == "healthy" && (health?["issues"] as? [Any])?.isEmpty == true,
            "the published clients read `health`")
        let cache = performance.data?["cache"] as? [String: Any]
        #expect((cache?["hits"] as? Int ?? 0) + (cache?["misses"] as? Int ?? 0) >= 1, "the reads above used the cache")
        let refused = try await call("GET", "performance")
        #expect(refused.status == 403 && refused.code == "INSUFFICIENT_PERMISSIONS", "a key without admin:all")
        #expect(try await system.send("GET", "/api/v1/performance", key: nil).status == 401, "no key")
        _ = try await call("GET", "audit", "audit?limit=5", key: admin)
        _ = try await call("GET", "audit", "audit?user_id=nope", key: admin)
        _ = try await call("GET", "me", key: APIKeySecret.generate(mode: .test))
        return samples
    }
}
