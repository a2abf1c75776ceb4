import Foundation
import MataresitCore
import Testing

@Suite("Key management: create once, list, revoke, rotate; no privilege escalation")
struct KeysTests {
    func json(_ object: [String: Any]) -> Data { try! JSONSerialization.data(withJSONObject: object) }

    @Test("a key's lifecycle through /api/v1/keys")
    func lifecycle() async throws {
        try await TestDatabase.with { database in
            let tenant = try await TestTenant.create(in: database)
            try await RunningSystem.with(database: database, cluster: try TestCluster(), stages: []) { system in
                let created = try await system.request(
                    "POST", "/api/v1/keys", key: tenant.key.value,
                    body: json(["name": "ci key", "scopes": ["receipts:read"]]))
                #expect(created.status == 201)
                let secret = try #require(created.data?["apiKey"] as? String)
                #expect(APIKeySecret(secret) != nil)
                #expect(created.data?["key_prefix"] as? String == String(secret.prefix(12)))
                let id = try #require(created.data?["id"] as? String)

                let listed = try await system.request("GET", "/api/v1/keys", key: tenant.key.value)
                let keys = listed.data?["apiKeys"] as? [[String: Any]] ?? []
                #expect(keys.count == 2)
                #expect(!String(decoding: listed.raw, as: UTF8.self).contains(secret), "the secret is shown once")

                let works = try await system.request("GET", "/api/v1/receipts", key: secret)
                #expect(works.status == 200)
                let forbidden = try await system.request("POST", "/api/v1/receipts", key: secret, body: json([:]))
                #expect(forbidden.status == 403)

                let rotated = try await system.request(
                    "POST", "/api/v1/keys/\(id)/rotate", key: tenant.key.value, body: json(["graceHours": 0]))
                #expect(rotated.status == 201)
                let replacement = try #require(rotated.data?["apiKey"] as? String)
                // The key cache holds an answer for 1 s: wait for the refusal itself.
                var old: HTTPResult?
                let expired = try await eventually(timeout: .seconds(5)) {
                    old = try await system.request("GET", "/api/v1/receipts", key: secret)
                    return old?.status == 401
                }
                #expect(expired)
                #expect(old?.json?["code"] as? String == "EXPIRED_API_KEY")
                let new = try await system.request("GET", "/api/v1/receipts", key: replacement)
                #expect(new.status == 200)

                let newID = try #require(rotated.data?["id"] as? String)
                let revoked = try await system.request("DELETE", "/api/v1/keys/\(newID)", key: tenant.key.value)
                #expect(revoked.status == 200)
                let refused = try await eventually(timeout: .seconds(5)) {
                    try await system.request("GET", "/api/v1/receipts", key: replacement).status == 401
                }
                #expect(refused)
            }
        }
    }

    @Test("a key cannot grant scopes it lacks, nor touch another user's keys")
    func noEscalation() async throws {
        try await TestDatabase.with { database in
            let reader = try await TestTenant.create(in: database, scopes: [.receiptsRead])
            let other = try await TestTenant.create(in: database)
            try await RunningSystem.with(database: database, cluster: try TestCluster(), stages: []) { system in
                let escalate = try await system.request(
                    "POST", "/api/v1/keys", key: reader.key.value,
                    body: json(["name": "stronger", "scopes": ["admin:all"]]))
                #expect(escalate.status == 403)
                #expect(escalate.json?["code"] as? String == "INSUFFICIENT_PERMISSIONS")

                let theirs = try await system.request("GET", "/api/v1/keys", key: other.key.value)
                let theirID = try #require((theirs.data?["apiKeys"] as? [[String: Any]])?.first?["id"] as? String)
                let peek = try await system.request("GET", "/api/v1/keys/\(theirID)", key: reader.key.value)
                #expect(peek.status == 404)
                let revoke = try await system.request("DELETE", "/api/v1/keys/\(theirID)", key: reader.key.value)
                #expect(revoke.status == 404)
                let stillWorks = try await system.request("GET", "/api/v1/health", key: other.key.value)
                #expect(stillWorks.status == 200)
            }
        }
    }

    @Test("API_KEY_MAX_ACTIVE caps a user's active keys, also under concurrent creates; revoking frees a slot")
    func activeKeysAreCapped() async throws {
        try await TestDatabase.with { database in
            let tenant = try await TestTenant.create(in: database)
            try await RunningSystem.with(
                database: database, cluster: try TestCluster(), stages: [],
                configure: { $0.api?.maxActiveKeysPerUser = 4 }
            ) { system in
                // The tenant holds one key; six creates at once may add exactly three.
                let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                    for index in 0..<6 {
                        group.addTask {
                            try await system.send(
                                "POST", "/api/v1/keys", key: tenant.key, json: ["name": "capped \(index)"]
                            ).status
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(statuses.sorted() == [201, 201, 201, 409, 409, 409], "\(statuses)")
                let refused = try await system.send("POST", "/api/v1/keys", key: tenant.key, json: ["name": "one more"])
                #expect(refused.status == 409 && refused.code == "RESOURCE_CONFLICT")
                let id = try await database.scalar(
                    "SELECT count(*) FROM api_keys WHERE user_id = \(tenant.user.id) AND is_active")
                #expect(id == 4)
                let listed = try await system.send("GET", "/api/v1/keys", key: tenant.key)
                let other = try #require(
                    (listed.data?["apiKeys"] as? [[String: Any]])?.first {
                        ($0["name"] as? String)?.hasPrefix("capped") == true
                    })
                let otherID = try #require(other["id"] as? String)
                #expect(try await system.send("DELETE", "/api/v1/keys/\(otherID)", key: tenant.key).status == 200)
                #expect(
                    try await system.send("POST", "/api/v1/keys", key: tenant.key, json: ["name": "freed"]).status
                        == 201)
            }
        }
    }
}
