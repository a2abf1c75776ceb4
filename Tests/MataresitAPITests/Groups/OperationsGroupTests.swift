import Foundation
import MataresitCore
import Testing

/// What is served besides the resources, in process: `/performance` (admin:all), the probes, the OpenAPI
/// document and the 501 stubs.
@Suite("Performance, probes, OpenAPI and stubs (in process)")
struct OperationsGroupTests {
    let api: InProcessAPI
    let user = UUID()

    init() throws { api = try InProcessAPI() }

    @Test("/performance: 401 without a key, 403 without admin:all, else status and health with issues")
    func performance() async throws {
        #expect(try await api.send(.get, "/api/v1/performance").status == 401)
        let notAdmin = api.keys.seed(userID: user, scopes: Scope.allButAdmin)
        #expect(try await api.send(.get, "/api/v1/performance", key: notAdmin).status == 403)
        let admin = api.keys.seed(userID: user, scopes: [.adminAll])
        let answer = try await api.send(.get, "/api/v1/performance", key: admin)
        #expect(answer.status == 200)
        let health = try #require(answer.data["health"] as? [String: Any])
        #expect(health["status"] as? String == answer.data["status"] as? String)
    }

    @Test("/healthz answers without a key and without an event; /readyz turns 503 when the database is down")
    func probes() async throws {
        #expect(try await api.send(.get, "/healthz").status == 200)
        #expect(try await api.send(.get, "/readyz").status == 200)
        api.database.set(up: false)
        // The probe caches its answer for a second: wait for the cached 'up' to age out, then it must say so.
        var status = 200
        for _ in 0..<40 where status == 200 {
            try await Task.sleep(for: .milliseconds(100))
            status = try await api.send(.get, "/readyz").status
        }
        #expect(status == 503)
        #expect(api.publisher.published.isEmpty)
    }

    @Test("the OpenAPI document is served under both prefixes; stubs answer 501 after authentication")
    func documentAndStubs() async throws {
        for prefix in ["/api/v1", "/functions/v1/external-api/api/v1"] {
            let document = try await api.send(.get, prefix + "/openapi.json")
            #expect(document.status == 200 && document.body.contains("\"openapi\""), "\(prefix)")
        }
        let key = api.keys.seed(userID: user, scopes: Scope.allButAdmin)
        #expect(try await api.send(.get, "/api/v1/gamification/profile", key: key).status == 501)
        #expect(try await api.send(.post, "/api/v1/teams", key: key, json: "{}").status == 501)
        #expect(try await api.send(.get, "/api/v1/gamification/profile").status == 401)
    }
}
