import Foundation
import MataresitCore
import MataresitStore
import Testing

/// "A key of user A never reads B's data", over every operation of the served OpenAPI document: operations on one
/// of B's resources answer 403 or 404 to A and change nothing; every other operation's answer to A holds none of
/// B's identifiers or strings.
@Suite("Tenant isolation", .serialized)
struct TenantIsolationTests {
    struct Victim {
        let tenant: TestTenant
        let receiptID: String
        let claimID: String
        let keyID: String
        /// Everything of B that must never appear in an answer to A.
        var secrets: [String] {
            [
                tenant.user.id.lowercased, tenant.teamID.lowercased, receiptID, claimID, keyID, tenant.user.email,
                "Victim Merchant Sdn Bhd", "victim claim title"
            ]
        }
    }

    @Test("every operation of the OpenAPI document, with A's key against B's resources")
    func sweepEveryOperation() async throws {
        try await TestDatabase.with { database in
            let cluster = try TestCluster()
            let attacker = try await TestTenant.create(in: database, tier: .max)
            let outsider = try await TestTenant.create(in: database, tier: .max)
            try await RunningSystem.with(database: database, cluster: cluster, stages: ["requests"]) { system in
                let victim = try await makeVictim(outsider, system)
                let before = try await fingerprint(victim, database)
                // B's requests are in the access log before A reads anything, so A's reads could meet them.
                #expect(
                    try await eventually(timeout: .seconds(30)) {
                        try await database.scalar(
                            "SELECT count(*) FROM api_access_logs WHERE user_id = \(outsider.user.id)") >= 3
                    })
                // Operations without B's ids in the path first: A's own later requests (which carry B's ids in their
                // paths) land in A's access log, which A may read; they are A's data, not B's.
                let operations = try await servedOperations(system).sorted {
                    ($0.1.contains("{") ? 1 : 0, $0.1, $0.0) < ($1.1.contains("{") ? 1 : 0, $1.1, $1.0)
                }
                #expect(operations.count >= 40, "the document lists \(operations.count) operations")
                var checked = 0
                for (method, template) in operations where !template.hasPrefix("/api/v1/admin") {
                    let path =
                        template
                        .replacingOccurrences(of: "{userId}", with: victim.tenant.user.id.lowercased)
                        .replacingOccurrences(of: "{id}", with: resourceID(for: template, victim))
                    let response = try await system.send(
                        method, path, key: attacker.key, json: body(for: method, template))
                    let text = String(decoding: response.raw, as: UTF8.self)
                    for secret in victim.secrets {
                        #expect(
                            !text.contains(secret), "\(method) \(template) showed B's \(secret): \(text.prefix(300))")
                    }
                    // 501 NOT_IMPLEMENTED is the documented answer of the existing API's stubs (gamification,
                    // some team operations, some analytics): it reads nothing.
                    let stub = response.status == 501 && response.code == "NOT_IMPLEMENTED"
                    #expect(response.status < 500 || stub, "\(method) \(template) answered \(response.status)")
                    if !stub && (template.contains("{id}") || template.contains("{userId}")) {
                        #expect(
                            [403, 404].contains(response.status), "\(method) \(template) answered \(response.status)")
                    }
                    checked += 1
                }
                #expect(checked == operations.filter { !$0.1.hasPrefix("/api/v1/admin") }.count)
                #expect(try await fingerprint(victim, database) == before, "A changed B's data")
            }
        }
    }

    /// B's receipt, claim and key, created through the API.
    func makeVictim(_ tenant: TestTenant, _ system: RunningSystem) async throws -> Victim {
        let receipt = try await system.send(
            "POST", "/api/v1/receipts", key: tenant.key,
            json: [
                "merchant": "Victim Merchant Sdn Bhd", "date": "2026-03-04", "total": 88.8,
                "teamId": tenant.teamID.lowercased
            ])
        let claim = try await system.send(
            "POST", "/api/v1/claims", key: tenant.key,
            json: [
                "teamId": tenant.teamID.lowercased, "title": "victim claim title", "amount": 10.5, "category": "Travel"
            ])
        let key = try await system.send(
            "POST", "/api/v1/keys", key: tenant.key, json: ["name": "victim key", "scopes": ["receipts:read"]])
        #expect(receipt.status == 201 && claim.status == 201 && key.status == 201)
        return Victim(
            tenant: tenant, receiptID: try #require(receipt.data?["id"] as? String),
            claimID: try #require(claim.data?["id"] as? String), keyID: try #require(key.data?["id"] as? String))
    }

    /// (method, path template) of every operation the API serves in its OpenAPI document.
    func servedOperations(_ system: RunningSystem) async throws -> [(String, String)] {
        let document = try await system.request("GET", "/api/v1/openapi.json")
        let paths = try #require(document.json?["paths"] as? [String: [String: Any]])
        let methods: Set<String> = ["get", "post", "put", "patch", "delete"]
        return paths.flatMap { path, item in
            item.keys.filter(methods.contains).map {
                ($0.uppercased(), path.hasPrefix("/api/v1") ? path : "/api/v1" + path)
            }
        }.sorted { "\($0.1) \($0.0)" < "\($1.1) \($1.0)" }
    }

    func resourceID(for template: String, _ victim: Victim) -> String {
        if template.contains("/receipts/{id}") { return victim.receiptID }
        if template.contains("/claims/{id}") { return victim.claimID }
        if template.contains("/keys/{id}") { return victim.keyID }
        if template.contains("/teams/{id}") { return victim.tenant.teamID.lowercased }
        return victim.receiptID
    }

    /// A body that passes validation where it can, pointed at B where it names anything.
    func body(for method: String, _ template: String) -> [String: Any]? {
        guard ["POST", "PUT", "PATCH"].contains(method) else { return nil }
        return [
            "merchant": "Attacker Mart", "date": "2026-03-05", "total": 1.5, "title": "attacker title", "amount": 2.5,
            "category": "Travel", "name": "attacker", "query": "Victim", "role": "admin", "receiptIds": [],
            "userIds": [], "scopes": ["receipts:read"], "is_active": false, "isActive": false
        ]
    }

    /// B's rows, as one comparable string.
    func fingerprint(_ victim: Victim, _ database: TestDatabase) async throws -> String {
        let user = victim.tenant.user.id, team = victim.tenant.teamID
        let rows = try await database.client.query(
            """
            SELECT concat_ws('|',
                (SELECT md5(string_agg(concat_ws(',', id, merchant, total, updated_at), ';' ORDER BY id)) FROM receipts WHERE user_id = \(user)),
                (SELECT md5(string_agg(concat_ws(',', id, title, amount, status, updated_at), ';' ORDER BY id)) FROM claims WHERE team_id = \(team)),
                (SELECT md5(string_agg(concat_ws(',', id, is_active, name, scopes::text), ';' ORDER BY id)) FROM api_keys WHERE user_id = \(user)),
                (SELECT md5(string_agg(concat_ws(',', user_id, role), ';' ORDER BY user_id)) FROM team_members WHERE team_id = \(team)),
                (SELECT concat_ws(',', email, subscription_tier) FROM users WHERE id = \(user)))
            """, logger: database.logger)
        for try await text in rows.decode(String.self) { return text }
        return ""
    }
}
