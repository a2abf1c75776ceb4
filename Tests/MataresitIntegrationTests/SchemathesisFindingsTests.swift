import Foundation
import Testing

/// Regressions for what `ops/schemathesis.sh` found: U+0000 in a request string reached PostgreSQL (which cannot
/// store it: SQLSTATE 22021) and came back as 500; statuses the middleware answers on every route (400 suspicious
/// pattern, 403 IP allow-list, 429 rate limit or failed-authentication lockout) were missing from some operations.
@Suite("Schemathesis findings")
struct SchemathesisFindingsTests {
    @Test("U+0000 in a body or query string is a 400 validation error, and nothing is stored")
    func nulIsRefused() async throws {
        try await TestDatabase.with { database in
            let tenant = try await TestTenant.create(in: database, tier: .max)
            try await RunningSystem.with(database: database, cluster: try TestCluster(), stages: []) { system in
                let bodies: [(String, String)] = [
                    ("receipts/quick", #"{"merchant": "Kopi\u0000", "total": 3}"#),
                    (
                        "receipts",
                        #"{"merchant": "Kopi", "date": "2026-11-01", "total": 3, "lineItems": [{"description": "a\u0000", "unitPrice": 1, "quantity": 1}]}"#
                    ),
                    ("claims", #"{"teamId": "\#(tenant.teamID.lowercased)", "title": "Taxi\u0000", "amount": 8}"#),
                    ("search", #"{"query": "kopi\u0000"}"#),
                    ("keys", #"{"name": "nul key", "scopes": ["receipts:read"], "description": "\u0000"}"#)
                ]
                for (path, body) in bodies {
                    let result = try await system.request(
                        "POST", "/api/v1/" + path, key: tenant.key.value, headers: ["Content-Type": "application/json"],
                        body: Data(body.utf8))
                    #expect(result.status == 400, "POST \(path)")
                    #expect(result.json?["code"] as? String == "VALIDATION_ERROR", "POST \(path)")
                }
                for query in [
                    "receipts?merchant=%00", "receipts?category=a%00b", "claims?status=%00",
                    "teams/\(tenant.teamID.lowercased)/receipts?merchant=%00"
                ] {
                    let result = try await system.request("GET", "/api/v1/" + query, key: tenant.key.value)
                    #expect(result.status == 400, "GET \(query)")
                }
                let receipts = try await system.request("GET", "/api/v1/receipts", key: tenant.key.value)
                #expect(receipts.status == 200)
                #expect((receipts.data?["receipts"] as? [Any])?.isEmpty == true, "nothing was stored")
            }
        }
    }

    @Test("every authenticated operation documents 400, 401, 403 and 429; every operation 400")
    func middlewareStatusesAreDocumented() async throws {
        try await TestDatabase.with { database in
            try await RunningSystem.with(database: database, cluster: try TestCluster(), stages: []) { system in
                let document = try await system.request("GET", "/api/v1/openapi.json")
                let paths = try #require(document.json?["paths"] as? [String: [String: [String: Any]]])
                var checked = 0
                for (path, methods) in paths {
                    for (method, operation) in methods {
                        let statuses = Set((operation["responses"] as? [String: Any] ?? [:]).keys)
                        let public_ = (operation["security"] as? [Any])?.isEmpty == true
                        let expected: Set<String> = public_ ? ["400"] : ["400", "401", "403", "429"]
                        #expect(expected.isSubset(of: statuses), "\(method) \(path) documents \(statuses.sorted())")
                        checked += 1
                    }
                }
                #expect(checked > 60)
            }
        }
    }
}
