import Foundation
import Testing

@Suite("Usage read-back API: /usage, /usage/rate-limits, /analytics/api-usage")
struct UsageAPITests {
    static let stages = ["requests"]

    @Test("requests show up in the caller's usage, hourly rate limits and API-usage analytics")
    func usageAppears() async throws {
        try await TestDatabase.with { database in
            let tenant = try await TestTenant.create(in: database)
            let stranger = try await TestTenant.create(in: database)
            try await RunningSystem.with(database: database, cluster: try TestCluster(), stages: Self.stages) {
                system in
                for _ in 0..<5 { _ = try await system.request("GET", "/api/v1/health", key: tenant.key.value) }
                var usage: [String: Any]?
                let counted = try await eventually(timeout: .seconds(40)) {
                    usage = try await system.request("GET", "/api/v1/usage", key: tenant.key.value).data
                    let keys = usage?["keys"] as? [[String: Any]] ?? []
                    return (keys.first?["total_requests"] as? Int ?? 0) >= 5
                }
                #expect(counted, "the health requests never reached /api/v1/usage")
                let keys = try #require(usage?["keys"] as? [[String: Any]])
                #expect(keys.count == 1, "only the caller's own keys")
                #expect(keys.first?["key_prefix"] as? String == tenant.key.displayPrefix)
                #expect((usage?["daily"] as? [[String: Any]])?.isEmpty == false)
                #expect((usage?["freshness"] as? [String: Any])?["stage"] as? String == "requests")

                let strangerUsage = try await system.request("GET", "/api/v1/usage", key: stranger.key.value).data
                let strangerKeys = strangerUsage?["keys"] as? [[String: Any]] ?? []
                #expect(strangerKeys.count == 1 && strangerKeys.first?["total_requests"] as? Int ?? 0 <= 1)

                var hoursStatus = 0
                let hourly = try await eventually {
                    let hours = try await system.request("GET", "/api/v1/usage/rate-limits", key: tenant.key.value)
                    hoursStatus = hours.status
                    let hourRows = hours.data?["hours"] as? [[String: Any]] ?? []
                    return hourRows.reduce(0) { $0 + ($1["total_requests"] as? Int ?? 0) } >= 5
                }
                #expect(hoursStatus == 200)
                #expect(hourly, "the requests reached /api/v1/usage/rate-limits")

                // top_endpoints reads the access log: a third stage with its own consumer group.
                var analytics = try await system.request("GET", "/api/v1/analytics/api-usage", key: tenant.key.value)
                let listed = try await eventually {
                    analytics = try await system.request("GET", "/api/v1/analytics/api-usage", key: tenant.key.value)
                    let top = analytics.data?["top_endpoints"] as? [[String: Any]] ?? []
                    return top.contains { $0["endpoint"] as? String == "/api/v1/health" }
                }
                #expect(analytics.status == 200)
                #expect(analytics.data?["total_requests"] as? Int ?? 0 >= 5)
                #expect(listed, "/api/v1/health is among the top endpoints")
                #expect(analytics.data?["requests_by_day"] is [[String: Any]])
                #expect(analytics.data?["freshness"] is [String: Any])
            }
        }
    }

    @Test("bad from/to are 400s with validationErrors; analytics needs analytics:read")
    func validation() async throws {
        try await TestDatabase.with { database in
            let tenant = try await TestTenant.create(in: database)
            let narrow = try await TestTenant.create(in: database, scopes: [.receiptsRead])
            try await RunningSystem.with(database: database, cluster: try TestCluster(), stages: []) { system in
                let bad = try await system.request(
                    "GET", "/api/v1/usage/rate-limits?from=yesterday&to=2026-01-01T00:00:00Z", key: tenant.key.value)
                #expect(bad.status == 400)
                let details = bad.json?["details"] as? [String: Any]
                let errors = details?["validationErrors"] as? [[String: Any]] ?? []
                #expect(errors.contains { $0["field"] as? String == "from" })

                let reversed = try await system.request(
                    "GET", "/api/v1/usage/rate-limits?from=2026-01-02&to=2026-01-01", key: tenant.key.value)
                #expect(reversed.status == 400)
                let good = try await system.request(
                    "GET", "/api/v1/usage/rate-limits?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00.000Z",
                    key: tenant.key.value)
                #expect(good.status == 200)

                let forbidden = try await system.request("GET", "/api/v1/analytics/api-usage", key: narrow.key.value)
                #expect(forbidden.status == 403)
            }
        }
    }
}
