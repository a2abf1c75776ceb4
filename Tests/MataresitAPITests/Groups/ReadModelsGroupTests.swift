import Foundation
import MataresitCore
import Testing

/// The read-backs of the projections in process: `/access-logs`, `/usage`, `/usage/rate-limits`,
/// `/analytics/api-usage` (each the caller's own rows only) and `/audit` (administrators only).
@Suite("Access logs, usage and audit read-backs (in process)")
struct ReadModelsGroupTests {
    let api: InProcessAPI
    let user = UUID(), other = UUID()

    init() throws {
        api = try InProcessAPI()
        api.accessLogs.add(user, endpoint: "/api/v1/mine", key: UUID())
        api.accessLogs.add(other, endpoint: "/api/v1/secret-of-other", key: UUID())
    }

    @Test("each read-back answers the caller's rows only, with the projection's freshness")
    func ownRowsOnly() async throws {
        let key = api.keys.seed(userID: user, tier: .pro, scopes: Scope.allButAdmin)
        for path in ["/api/v1/access-logs", "/api/v1/usage", "/api/v1/usage/rate-limits", "/api/v1/analytics/api-usage"]
        {
            let answer = try await api.send(.get, path, key: key)
            #expect(answer.status == 200, "\(path)")
            #expect(!answer.body.contains("secret-of-other"), "\(path)")
        }
        let logs = try await api.send(.get, "/api/v1/access-logs", key: key)
        #expect(logs.body.contains("/api/v1/mine"))
        #expect((logs.data["freshness"] as? [String: Any])?["stage"] as? String != nil)
    }

    @Test("API usage analytics needs analytics:read and a paid tier")
    func analyticsRefusals() async throws {
        let free = api.keys.seed(userID: user, tier: .free, scopes: Scope.allButAdmin)
        #expect(
            try await api.send(.get, "/api/v1/analytics/api-usage", key: free).errorCode
                == "SUBSCRIPTION_LIMIT_EXCEEDED")
        let unscoped = api.keys.seed(userID: other, tier: .max, scopes: [.receiptsRead])
        #expect(try await api.send(.get, "/api/v1/analytics/api-usage", key: unscoped).status == 403)
    }

    @Test("the audit log: admin:all only; filters by action and user; malformed filters are 400")
    func audit() async throws {
        api.audit.add(action: "teams.remove_member", userID: user)
        api.audit.add(action: "keys.create", userID: other)
        let notAdmin = api.keys.seed(userID: user, scopes: Scope.allButAdmin)
        #expect(try await api.send(.get, "/api/v1/audit", key: notAdmin).status == 403)
        let admin = api.keys.seed(userID: user, scopes: [.adminAll])
        let filtered = try await api.send(.get, "/api/v1/audit?action=keys.create", key: admin)
        #expect((filtered.data["entries"] as? [[String: Any]])?.count == 1)
        let byUser = try await api.send(.get, "/api/v1/audit?user_id=\(user.lowercased)", key: admin)
        #expect(byUser.body.contains("teams.remove_member") && !byUser.body.contains("keys.create"))
        for bad in ["action=%3Cscript%3E", "user_id=me", "from=yesterday", "page=0"] {
            #expect(try await api.send(.get, "/api/v1/audit?\(bad)", key: admin).status == 400, "\(bad)")
        }
    }

    @Test("usage queries out of range are 400")
    func badQueries() async throws {
        let key = api.keys.seed(userID: user, tier: .pro, scopes: Scope.allButAdmin)
        for query in [
            "/api/v1/usage?days=0", "/api/v1/usage?days=x", "/api/v1/usage/rate-limits?from=2026-01-01&to=2026-03-01",
            "/api/v1/usage/rate-limits?from=2026-02-01&to=2026-01-01", "/api/v1/access-logs?limit=-1"
        ] {
            #expect(try await api.send(.get, query, key: key).status == 400, "\(query)")
        }
    }
}
