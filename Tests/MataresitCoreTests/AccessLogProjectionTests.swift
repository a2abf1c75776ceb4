import Foundation
import Testing

@testable import MataresitCore

@Suite("AccessLogProjection")
struct AccessLogProjectionTests {
    /// "Seals" by storing the UTF-8 bytes; the opener reads them back, as a live subject key would.
    static func fakeSealed(_ text: String) -> SealedValue {
        SealedValue(subject: "user:0190f3a2-0000-7000-8000-000000000001", combined: Array(text.utf8))
    }

    static let plaintext = AccessLogProjection { String(decoding: $0.combined, as: UTF8.self) }
    static let erased = AccessLogProjection { _ in nil }

    static func request(
        ip: String? = "203.0.113.77", agent: String? = "curl/8.5.0", durationMicros: UInt64 = 12_345,
        rateLimit: RateLimitDecision = .allowed
    ) -> ApiRequestEvent {
        ApiRequestEvent(
            requestID: UUID(), apiKeyID: UUID(), apiKeyPrefix: "mk_live_1a2b", userID: UUID(), teamID: UUID(),
            tier: "pro", method: "GET", route: "/api/v1/receipts/{id}", path: "/api/v1/receipts/42",
            status: 200, errorCode: "NOT_FOUND", durationMicros: durationMicros, requestBytes: 10,
            responseBytes: 20, rateLimit: rateLimit, clientIP: ip.map(fakeSealed), userAgent: agent.map(fakeSealed))
    }

    static func envelope(_ request: ApiRequestEvent) -> EventEnvelope {
        EventEnvelope(occurredAtMicros: 1_767_225_600_123_456, producer: "api-1", payload: .apiRequest(request))
    }

    @Test("every field is carried into the row")
    func fields() throws {
        let request = Self.request()
        let envelope = Self.envelope(request)
        let row = try #require(Self.plaintext.row(for: envelope))
        #expect(row.eventID == envelope.id)
        #expect(row.occurredAtMicros == envelope.occurredAtMicros)
        #expect(row.apiKeyID == request.apiKeyID)
        #expect(row.userID == request.userID)
        #expect(row.teamID == request.teamID)
        #expect(row.endpoint == "/api/v1/receipts/42")
        #expect(row.route == "/api/v1/receipts/{id}")
        #expect(row.method == "GET")
        #expect(row.statusCode == 200)
        #expect(row.responseTimeMs == 12)
        #expect(row.ipAddress == "203.0.113.0")
        #expect(row.userAgent == "curl/8.5.0")
        #expect(row.requestBytes == 10)
        #expect(row.responseBytes == 20)
        #expect(row.errorCode == "NOT_FOUND")
        #expect(!row.rateLimited)
    }

    @Test(
        "the client address is truncated",
        arguments: [
            ("203.0.113.77", "203.0.113.0"),
            ("2001:db8:abcd:12::1", "2001:db8:abcd::"),
            ("not an address", nil)
        ] as [(String, String?)])
    func truncatedAddress(ip: String, expected: String?) throws {
        let row = try #require(Self.plaintext.row(for: Self.envelope(Self.request(ip: ip))))
        #expect(row.ipAddress == expected)
    }

    @Test(
        "duration is rounded to milliseconds, at most Int32.max",
        arguments: [
            (0, 0), (499, 0), (500, 1), (1_499, 1), (1_500, 2), (2_000_000, 2_000),
            // Clamped to the `integer` column: never traps, even for a hostile value off the wire.
            (2_147_483_647_499, 2_147_483_647), (2_147_483_648_000, 2_147_483_647), (UInt64.max, 2_147_483_647)
        ] as [(UInt64, Int)])
    func duration(micros: UInt64, expectedMs: Int) throws {
        let row = try #require(Self.plaintext.row(for: Self.envelope(Self.request(durationMicros: micros))))
        #expect(row.responseTimeMs == expectedMs)
    }

    @Test("only a limited request is flagged rate limited", arguments: RateLimitDecision.allCases)
    func rateLimited(decision: RateLimitDecision) throws {
        let row = try #require(Self.plaintext.row(for: Self.envelope(Self.request(rateLimit: decision))))
        #expect(row.rateLimited == (decision == .limited))
    }

    @Test("an erased subject leaves no personal data, the rest of the row stays")
    func erasedSubject() throws {
        let row = try #require(Self.erased.row(for: Self.envelope(Self.request())))
        #expect(row.ipAddress == nil)
        #expect(row.userAgent == nil)
        #expect(row.endpoint == "/api/v1/receipts/42")
        #expect(row.statusCode == 200)
    }

    @Test("a request without personal fields has none in the row")
    func unsealedAbsent() throws {
        let row = try #require(Self.plaintext.row(for: Self.envelope(Self.request(ip: nil, agent: nil))))
        #expect(row.ipAddress == nil)
        #expect(row.userAgent == nil)
    }

    @Test("really sealed values are opened by the caller's key")
    func realSealing() throws {
        let key = KeyWrapper.newDataKey()
        let subject = "anon:2026-01-01"
        var request = Self.request(ip: nil, agent: nil)
        request.clientIP = try PersonalDataSealer.seal("198.51.100.23", subject: subject, key: key)
        request.userAgent = try PersonalDataSealer.seal("Mozilla/5.0", subject: subject, key: key)
        let projection = AccessLogProjection { try? PersonalDataSealer.open($0, key: key) }
        let row = try #require(projection.row(for: Self.envelope(request)))
        #expect(row.ipAddress == "198.51.100.0")
        #expect(row.userAgent == "Mozilla/5.0")
    }

    @Test("a payload other than api.request has no row")
    func otherPayload() {
        let envelope = EventEnvelope(occurredAtMicros: 1, producer: "p", payload: .unknown(typeName: "receipt.created"))
        #expect(Self.plaintext.row(for: envelope) == nil)
    }
}
