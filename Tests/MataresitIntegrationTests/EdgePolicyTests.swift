import Foundation
import Testing

@Suite("Edge policies: the seed's suspicious patterns and CORS")
struct EdgePolicyTests {
    @Test(
        "each of the seed's suspicious patterns is refused with 400 and changes nothing",
        arguments: ["1 UNION  SELECT password", "x; drop table receipts", "<SCRIPT>alert(1)", "JavaScript:alert(1)"])
    func suspiciousPatterns(payload: String) async throws {
        try await TestDatabase.with { database in
            let tenant = try await TestTenant.create(in: database)
            try await RunningSystem.with(database: database, cluster: try TestCluster(), stages: []) { system in
                let body = try JSONSerialization.data(
                    withJSONObject: ["merchant": payload, "date": "2026-11-20", "total": 5])
                let inBody = try await system.request("POST", "/api/v1/receipts", key: tenant.key.value, body: body)
                #expect(inBody.status == 400)
                #expect(inBody.json?["message"] as? String == "Suspicious request pattern detected")
                let query = payload.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!
                let inURL = try await system.request("GET", "/api/v1/receipts?merchant=\(query)", key: tenant.key.value)
                #expect(inURL.status == 400)
            }
            #expect(try await database.scalar("SELECT count(*) FROM receipts") == 0)
        }
    }

    @Test("attack traffic adds one audit row per client, pattern and route per window, with its count")
    func suspiciousTrafficIsAggregated() async throws {
        try await TestDatabase.with { database in
            try await RunningSystem.with(database: database, cluster: try TestCluster(), stages: ["audit"]) { system in
                // Unauthenticated, on routes the attacker makes up: each would have been an audit row of its own.
                let started = ContinuousClock.now
                for index in 0..<20 {
                    let made = try await system.request("GET", "/api/v1/made-up-\(index)?q=1%20union%20select%20x")
                    let real = try await system.request("GET", "/api/v1/receipts?merchant=1%20union%20select%20x")
                    #expect(made.status == 400 && real.status == 400)
                }
                // At most one row per route for each one-second window the traffic spanned (a loaded machine
                // spreads it over more windows), and far fewer than one per request.
                let windows = Int((ContinuousClock.now - started).components.seconds) + 2
                func rows() async throws -> [String] {
                    let result = try await database.client.query(
                        """
                        SELECT details->>'route' || ' ' || (details->>'count') FROM audit_logs
                        WHERE event_type = 'security_suspicious_pattern' ORDER BY 1
                        """, logger: database.logger)
                    var lines: [String] = []
                    for try await line in result.decode(String.self) { lines.append(line) }
                    return lines
                }
                var found: [String] = []
                let arrived = try await eventually(timeout: .seconds(30)) {
                    found = try await rows()
                    return found.compactMap { Int($0.split(separator: " ").last ?? "") }.reduce(0, +) >= 40
                }
                #expect(arrived, "\(found)")
                #expect(
                    found.allSatisfy { $0.hasPrefix("/api/v1/receipts ") || $0.hasPrefix("unmatched ") }, "\(found)")
                #expect(
                    found.count <= min(2 * windows, 20), "one row per route and window, not one per request: \(found)")
            }
        }
    }

    @Test("an allowed origin gets CORS headers and preflights; others get none")
    func cors() async throws {
        try await TestDatabase.with { database in
            let tenant = try await TestTenant.create(in: database)
            try await RunningSystem.with(database: database, cluster: try TestCluster(), stages: []) { system in
                let preflight = try await system.request(
                    "OPTIONS", "/api/v1/receipts",
                    headers: ["Origin": "https://app.mataresit.com", "Access-Control-Request-Method": "POST"])
                #expect(preflight.status == 204)
                #expect(preflight.header("Access-Control-Allow-Origin") == "https://app.mataresit.com")
                #expect(preflight.header("Access-Control-Allow-Headers")?.contains("X-API-Key") == true)
                let allowed = try await system.request(
                    "GET", "/api/v1/health", key: tenant.key.value, headers: ["Origin": "https://mataresit.com"])
                #expect(allowed.header("Access-Control-Allow-Origin") == "https://mataresit.com")
                #expect(allowed.header("Access-Control-Expose-Headers")?.contains("X-RateLimit-Remaining") == true)
                let foreign = try await system.request(
                    "GET", "/api/v1/health", key: tenant.key.value, headers: ["Origin": "https://evil.example"])
                #expect(foreign.status == 200)
                #expect(foreign.header("Access-Control-Allow-Origin") == nil)
            }
        }
    }
}
