import Foundation
import MataresitCore
import Testing

/// `/health` and the request path every `/api/v1` route shares (database gate, authentication, rate limit, event),
/// in process.
@Suite("Health group and the shared request path (in process)")
struct HealthGroupTests {
    let api: InProcessAPI
    let user = UUID()

    init() throws { api = try InProcessAPI() }

    var requestEvents: [ApiRequestEvent] {
        api.publisher.published.compactMap { if case .apiRequest(let event) = $0.payload { event } else { nil } }
    }

    @Test("answers the caller's identity, scopes and limits, with rate-limit headers and one sealed event")
    func healthy() async throws {
        let key = api.keys.seed(userID: user, tier: .max, scopes: [.receiptsRead, .searchRead])
        let answer = try await api.send(.get, "/api/v1/health", key: key, headers: [.userAgent: "unit/1"])
        #expect(answer.status == 200)
        #expect(answer.data["status"] as? String == "healthy" || answer.data["status"] as? String == "degraded")
        let caller = try #require(answer.data["user"] as? [String: Any])
        #expect(caller["id"] as? String == user.lowercased)
        #expect(caller["scopes"] as? [String] == ["receipts:read", "search:read"])
        #expect((answer.data["limits"] as? [String: Any])?["tier"] as? String == "max")
        #expect(answer.headers[.init("X-RateLimit-Tier")!] == "max")
        let event = try #require(requestEvents.last)
        #expect(event.status == 200 && event.userID == user && event.route == "/api/v1/health")
        #expect(event.userAgent != nil && api.subjectKeys.subjects.contains(Subject.user(user)))
    }

    @Test("without a key: 401, and the event says so")
    func noKey() async throws {
        let answer = try await api.send(.get, "/api/v1/health")
        #expect(answer.status == 401 && answer.errorCode == "INVALID_API_KEY")
        #expect(requestEvents.map(\.status) == [401])
    }

    @Test("while the database does not answer: 503 with Retry-After at once, still one event per request")
    func databaseDown() async throws {
        let key = api.keys.seed(userID: user, scopes: [.receiptsRead])
        api.database.set(up: false)
        let answer = try await api.send(.get, "/api/v1/health", key: key)
        #expect(answer.status == 503 && answer.headers[.retryAfter] == "1")
        #expect(requestEvents.map(\.status) == [503])
    }

    @Test("the free tier's burst of 5 is admitted, the next request is 429 with Retry-After and true headers")
    func rateLimited() async throws {
        let key = api.keys.seed(userID: user, tier: .free, scopes: [.receiptsRead])
        var statuses: [Int] = []
        for _ in 0..<5 { statuses.append(try await api.send(.get, "/api/v1/health", key: key).status) }
        #expect(statuses == [200, 200, 200, 200, 200])
        let refused = try await api.send(.get, "/api/v1/health", key: key)
        #expect(refused.status == 429 && refused.errorCode == "RATE_LIMIT_EXCEEDED")
        #expect(Int(refused.headers[.retryAfter] ?? "") ?? 0 >= 1)
        #expect(refused.headers[.init("X-RateLimit-Remaining")!] == "0")
    }

    @Test("unknown routes are 404, wrong methods 405 with Allow, each with its event")
    func routing() async throws {
        let key = api.keys.seed(userID: user, scopes: [.receiptsRead])
        #expect(try await api.send(.get, "/api/v1/nothing-here", key: key).status == 404)
        let wrong = try await api.send(.delete, "/api/v1/health", key: key)
        #expect(wrong.status == 405 && wrong.headers[.allow] == "GET")
        #expect(requestEvents.map(\.status) == [404, 405])
    }
}
