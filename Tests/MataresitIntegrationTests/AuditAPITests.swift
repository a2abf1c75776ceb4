import Foundation
import MataresitCore
import MataresitStore
import Testing

@Suite("GET /api/v1/audit and the API's security events")
struct AuditAPITests {
    static func entries(_ result: HTTPResult) -> [[String: Any]] { result.data?["entries"] as? [[String: Any]] ?? [] }

    @Test("admin only; key lifecycle, failed-auth bursts and suspicious patterns reach it; filters and pages work")
    func auditEndpoint() async throws {
        try await TestDatabase.with { database in
            let admin = try await TestTenant.create(in: database, scopes: [.adminAll])
            let user = try await TestTenant.create(in: database)
            try await RunningSystem.with(
                database: database, cluster: try TestCluster(), stages: ["audit"], trustedProxies: ["127.0.0.1"]
            ) { system in
                let forbidden = try await system.request("GET", "/api/v1/audit", key: user.key.value)
                #expect(forbidden.status == 403)
                #expect(forbidden.json?["code"] as? String == "INSUFFICIENT_PERMISSIONS")

                for name in ["first key", "second key"] {
                    let body = try JSONSerialization.data(withJSONObject: ["name": name])
                    let created = try await system.request(
                        "POST", "/api/v1/keys", key: user.key.value, headers: ["Content-Type": "application/json"],
                        body: body)
                    #expect(created.status == 201)
                }
                let burstClient = ["X-Forwarded-For": "203.0.113.9"]
                for _ in 0..<20 {  // a burst (10), short of the lockout (20 in a window)
                    let denied = try await system.request(
                        "GET", "/api/v1/receipts", key: "mk_test_" + String(repeating: "0", count: 64),
                        headers: burstClient)
                    #expect(denied.status == 401)
                }
                let suspicious = try await system.request(
                    "GET", "/api/v1/receipts?merchant=1%20UNION%20SELECT%20x", key: user.key.value)
                #expect(suspicious.status == 400)

                var page = HTTPResult(status: 0, headers: [:], json: nil, raw: Data())
                let arrived = try await eventually(timeout: .seconds(40)) {
                    page = try await system.request("GET", "/api/v1/audit?limit=100", key: admin.key.value)
                    let types = Self.entries(page).compactMap { $0["event_type"] as? String }
                    return types.filter { $0 == "api_key_created" }.count == 2
                        && types.contains("security_failed_auth_burst") && types.contains("security_suspicious_pattern")
                }
                #expect(arrived, "audit rows never arrived: \(Self.entries(page))")
                let all = Self.entries(page)
                #expect(
                    all.filter { $0["event_type"] as? String == "security_failed_auth_burst" }.count == 1,
                    "25 failures from one address within a minute are one burst, not 25 events")
                #expect(page.data?["freshness"] as? [String: Any] != nil)
                #expect((page.data?["freshness"] as? [String: Any])?["as_of"] is String)

                let created = try await system.request(
                    "GET", "/api/v1/audit?action=api_key_created&user_id=\(user.user.id.lowercased)&limit=1&page=2",
                    key: admin.key.value)
                #expect(created.status == 200)
                let pagination = created.data?["pagination"] as? [String: Any]
                #expect(pagination?["total"] as? Int == 2)
                #expect(Self.entries(created).count == 1)
                let keyID = try #require(Self.entries(created).first?["api_key_id"] as? String)
                let byKey = try await system.request("GET", "/api/v1/audit?api_key_id=\(keyID)", key: admin.key.value)
                #expect(Self.entries(byKey).count == 1)
                let future = try await system.request(
                    "GET", "/api/v1/audit?from=2099-01-01T00:00:00Z", key: admin.key.value)
                #expect(Self.entries(future).isEmpty)
                let bad = try await system.request(
                    "GET", "/api/v1/audit?user_id=nope&to=yesterday", key: admin.key.value)
                #expect(bad.status == 400)
                let raw = String(decoding: page.raw, as: UTF8.self)
                #expect(!raw.contains("203.0.113.9"), "the client address is never in the audit log in the clear")
            }
            #expect(try await AuditChainVerifier(client: database.client, logger: database.logger).verify().isIntact)
        }
    }
}
