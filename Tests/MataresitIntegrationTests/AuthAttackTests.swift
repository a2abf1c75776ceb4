import Foundation
import MataresitCore
import MataresitStore
import Testing

/// Attacks on authentication: guessing keys from one address is cut off per address and reported; a revoked or
/// expired key stops working on every instance within one second (the key cache's lifetime).
@Suite("Auth attacks", .serialized)
struct AuthAttackTests {
    @Test("guessing keys from one address: 401s, then 429 for that address only, and a failed_auth_burst audit row")
    func bruteForceIsCutOffPerAddress() async throws {
        try await TestDatabase.with { database in
            let cluster = try TestCluster()
            let tenant = try await TestTenant.create(in: database)
            try await RunningSystem.with(database: database, cluster: cluster, stages: ["audit"]) { system in
                let attacker = ["X-Forwarded-For": "203.0.113.7"], bystander = ["X-Forwarded-For": "198.51.100.9"]
                var statuses: [Int] = []
                for _ in 0..<30 {
                    let guess = APIKeySecret.generate(mode: .test).value
                    statuses.append(try await system.request("GET", "/api/v1/me", key: guess, headers: attacker).status)
                }
                #expect(statuses.prefix(20).allSatisfy { $0 == 401 }, "\(statuses)")
                #expect(statuses.suffix(10).allSatisfy { $0 == 429 }, "\(statuses)")
                let locked = try await system.request("GET", "/api/v1/me", key: tenant.key.value, headers: attacker)
                #expect(locked.status == 429 && locked.code == "RATE_LIMIT_EXCEEDED")
                #expect(Int(locked.headers["Retry-After"] ?? "") ?? 0 > 0, "a locked-out address is told when to retry")
                let other = try await system.request(
                    "GET", "/api/v1/me", key: APIKeySecret.generate(mode: .test).value, headers: bystander)
                #expect(other.status == 401, "another address is not locked out")
                #expect(try await system.request("GET", "/api/v1/me", key: tenant.key.value, headers: bystander).status == 200)
                let reported = try await eventually(timeout: .seconds(20)) {
                    try await database.scalar(
                        "SELECT count(*) FROM audit_logs WHERE event_type = 'security_failed_auth_burst'") >= 1
                }
                #expect(reported, "the burst reached the audit log")
            }
        }
    }

    @Test("a revoked key and an expired key are refused on both instances within one second")
    func revocationReachesEveryInstance() async throws {
        try await TestDatabase.with { database in
            let cluster = try TestCluster()
            let tenant = try await TestTenant.create(in: database)
            let expiring = try await tenant.key(scopes: Scope.allButAdmin, in: database)
            try await RunningSystem.with(database: database, cluster: cluster, stages: []) { a in
                try await RunningSystem.with(database: database, cluster: cluster, stages: []) { b in
                    for system in [a, b] {
                        #expect(try await system.request("GET", "/api/v1/me", key: tenant.key.value).status == 200)
                        #expect(try await system.request("GET", "/api/v1/me", key: expiring.value).status == 200)
                    }
                    let id = try await keyID(of: tenant.key, database)
                    #expect(try await a.send("DELETE", "/api/v1/keys/\(id)", key: tenant.key).status == 200)
                    try await database.client.query(
                        "UPDATE api_keys SET expires_at = now() WHERE key_hash = \(expiring.hash)", logger: database.logger)
                    let changed = ContinuousClock.now
                    // The caches hold a key for at most one second after they looked it up, which was before
                    // the change: from one second on, every instance must refuse both keys.
                    try await Task.sleep(until: changed + .seconds(1), clock: .continuous)
                    for system in [a, b] {
                        #expect(try await system.request("GET", "/api/v1/me", key: tenant.key.value).status == 401)
                        #expect(try await system.request("GET", "/api/v1/me", key: expiring.value).status == 401)
                    }
                }
            }
        }
    }

    func keyID(of key: APIKeySecret, _ database: TestDatabase) async throws -> String {
        let rows = try await database.client.query(
            "SELECT id FROM api_keys WHERE key_hash = \(key.hash)", logger: database.logger)
        var found: String?
        for try await id in rows.decode(UUID.self) { found = id.lowercased }
        return try #require(found, "the key is stored")
    }
}
