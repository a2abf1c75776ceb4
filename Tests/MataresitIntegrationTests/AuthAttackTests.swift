import Foundation
import MataresitCore
import MataresitStore
import Testing

/// Attacks on authentication: guessing keys from one address is cut off per address (failed attempts only, on
/// every instance) and reported; forged forwarding headers neither escape the lockout nor lock anybody else out; a revoked or expired key
/// stops working on every instance within one second (the key cache's lifetime).
@Suite("Auth attacks", .serialized)
struct AuthAttackTests {
    @Test("guessing keys behind a trusted proxy: 401s, then 429 for that address's failures only, and a burst row")
    func bruteForceIsCutOffPerAddress() async throws {
        try await TestDatabase.with { database in
            let cluster = try TestCluster()
            let tenant = try await TestTenant.create(in: database)
            try await RunningSystem.with(
                database: database, cluster: cluster, stages: ["audit"], trustedProxies: ["127.0.0.1"]
            ) { system in
                // The attacker writes the victim's address itself; the proxy appends the attacker's real one.
                let attacker = ["X-Forwarded-For": "198.51.100.9, 203.0.113.7"]
                let victim = ["X-Forwarded-For": "198.51.100.9"]
                let statuses = try await guess(30, through: system, headers: { _ in attacker })
                #expect(statuses.prefix(20).allSatisfy { $0 == 401 }, "\(statuses)")
                #expect(statuses.suffix(10).allSatisfy { $0 == 429 }, "\(statuses)")
                let locked = try await system.request(
                    "GET", "/api/v1/me", key: APIKeySecret.generate(mode: .test).value, headers: attacker)
                #expect(locked.status == 429 && locked.code == "RATE_LIMIT_EXCEEDED")
                #expect(Int(locked.headers["Retry-After"] ?? "") ?? 0 > 0, "a locked-out address is told when to retry")
                let valid = try await system.request("GET", "/api/v1/me", key: tenant.key.value, headers: attacker)
                #expect(valid.status == 200, "the lockout refuses failed attempts only: a valid key still works")
                let other = try await system.request(
                    "GET", "/api/v1/me", key: APIKeySecret.generate(mode: .test).value, headers: victim)
                #expect(other.status == 401, "the address the attacker wrote is not locked out")
                #expect(
                    try await system.request("GET", "/api/v1/me", key: tenant.key.value, headers: victim).status == 200)
                let reported = try await eventually(timeout: .seconds(20)) {
                    try await database.scalar(
                        "SELECT count(*) FROM audit_logs WHERE event_type = 'security_failed_auth_burst'") >= 1
                }
                #expect(reported, "the burst reached the audit log")
            }
        }
    }

    @Test("without TRUSTED_PROXIES forged forwarding headers change nothing: the lockout holds, the log shows the peer")
    func forgedHeadersAreIgnored() async throws {
        try await TestDatabase.with { database in
            let tenant = try await TestTenant.create(in: database)
            try await RunningSystem.with(database: database, cluster: try TestCluster()) { system in
                // A new forged address on every guess does not escape the lockout of the real (socket) address.
                let statuses = try await guess(25, through: system) { ["X-Forwarded-For": "198.51.100.\($0)"] }
                #expect(statuses.prefix(20).allSatisfy { $0 == 401 }, "\(statuses)")
                #expect(statuses.suffix(5).allSatisfy { $0 == 429 }, "\(statuses)")
                let valid = try await system.request(
                    "GET", "/api/v1/health", key: tenant.key.value, headers: ["X-Forwarded-For": "198.51.100.1"])
                #expect(valid.status == 200, "a valid key from the locked-out address still works")
                var addresses: [String] = []
                let logged = try await eventually(timeout: .seconds(20)) {
                    let page = try await system.request("GET", "/api/v1/access-logs", key: tenant.key.value)
                    let entries = page.data?["entries"] as? [[String: Any]] ?? []
                    addresses = entries.compactMap { $0["ip_address"] as? String }
                    return !addresses.isEmpty
                }
                #expect(logged && addresses.allSatisfy { $0 == "127.0.0.0" }, "\(addresses)")
            }
        }
    }

    @Test("the lockout holds across API instances: failures counted on one lock the address out on the other")
    func lockoutAcrossInstances() async throws {
        try await TestDatabase.with { database in
            let cluster = try TestCluster()
            let tenant = try await TestTenant.create(in: database)
            try await RunningSystem.with(database: database, cluster: cluster, stages: []) { a in
                try await RunningSystem.with(database: database, cluster: cluster, stages: []) { b in
                    let onA = try await guess(20, through: a) { _ in [:] }
                    #expect(onA.allSatisfy { $0 == 401 }, "\(onA)")
                    let onB = try await guess(3, through: b) { _ in [:] }
                    #expect(
                        onB.allSatisfy { $0 == 429 }, "the other instance knows the address failed 20 times: \(onB)")
                    #expect(try await b.request("GET", "/api/v1/me", key: tenant.key.value).status == 200)
                    let stored = try await database.scalar("SELECT count(*) FROM failed_auth_windows")
                    #expect(stored == 1, "one window for the one address")
                    let plain = try await database.scalar(
                        "SELECT count(*) FROM failed_auth_windows WHERE position('127.0.0.1'::bytea IN client_digest) > 0"
                    )
                    #expect(plain == 0, "the address is stored only as a keyed digest")
                }
            }
        }
    }

    /// Sends `count` requests with random keys; `headers` gets the request's number.
    func guess(_ count: Int, through system: RunningSystem, headers: (Int) -> [String: String]) async throws -> [Int] {
        var statuses: [Int] = []
        for index in 0..<count {
            let key = APIKeySecret.generate(mode: .test).value
            statuses.append(try await system.request("GET", "/api/v1/me", key: key, headers: headers(index)).status)
        }
        return statuses
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
                        "UPDATE api_keys SET expires_at = now() WHERE key_hash = \(expiring.hash)",
                        logger: database.logger)
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
