import Foundation
import Testing

@Suite("A request travels HTTP → Kafka → access-log projection → API")
struct EndToEndTests {
    @Test("a health request shows up in the caller's access log, redacted")
    func healthRequestAppearsInAccessLog() async throws {
        try await TestDatabase.with { database in
            let tenant = try await TestTenant.create(in: database)
            let cluster = try TestCluster()
            try await RunningSystem.with(
                database: database, cluster: cluster, trustedProxies: ["127.0.0.1", "10.0.0.0/8"]
            ) {
                system in
                let health = try await system.request(
                    "GET", "/api/v1/health", key: tenant.key.value,
                    headers: ["User-Agent": "e2e-test/1.0", "X-Forwarded-For": "203.0.113.77, 10.0.0.1"])
                #expect(health.status == 200)
                #expect(health.json?["success"] as? Bool == true)
                #expect(health.data?["status"] as? String == "healthy")
                #expect(health.data?["function"] as? String == "external-api")
                let user = try #require(health.data?["user"] as? [String: Any])
                #expect(user["id"] as? String == tenant.user.id.lowercased)

                var entry: [String: Any]?
                let appeared = try await eventually {
                    let logs = try await system.request("GET", "/api/v1/access-logs", key: tenant.key.value)
                    let entries = logs.data?["entries"] as? [[String: Any]] ?? []
                    entry = entries.first { $0["route"] as? String == "/api/v1/health" }
                    return entry != nil
                }
                #expect(appeared, "the health request never reached /api/v1/access-logs")
                #expect(entry?["status_code"] as? Int == 200)
                #expect(entry?["method"] as? String == "GET")
                #expect(entry?["ip_address"] as? String == "203.0.113.0", "client IP is stored truncated to /24")
                #expect(entry?["user_agent"] as? String == "e2e-test/1.0")
            }
        }
    }

    @Test("the historical path prefix serves the same API")
    func historicalPrefix() async throws {
        try await TestDatabase.with { database in
            let tenant = try await TestTenant.create(in: database)
            try await RunningSystem.with(database: database, cluster: try TestCluster(), stages: []) { system in
                let health = try await system.request(
                    "GET", "/functions/v1/external-api/api/v1/health", key: tenant.key.value)
                #expect(health.status == 200)
            }
        }
    }
}
