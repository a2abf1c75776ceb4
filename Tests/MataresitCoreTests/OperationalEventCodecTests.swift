import Foundation
import Testing

@testable import MataresitCore

@Suite("EventCodec: security, admin, erasure, cache and dead-letter payloads")
struct OperationalEventCodecTests {
    static let sealedIP = SealedValue(subject: "anon:2026-11-27", combined: [9, 8, 7])

    static let payloads: [EventPayload] = [
        .securityEvent(
            SecurityEvent(
                kind: .failedAuthBurst, requestID: UUID(), apiKeyID: UUID(), userID: UUID(), method: "GET",
                route: "/api/v1/receipts", detail: "20 failures in 60 s", clientIP: sealedIP, count: 20)),
        .securityEvent(SecurityEvent(kind: .ipDenied)),
        .adminAction(
            AdminAction(
                actorUserID: UUID(), actorApiKeyID: UUID(), action: "users.set_tier", targetType: "user",
                targetID: UUID().uuidString, attributes: ["tier": "pro"])),
        .adminAction(AdminAction(action: "dlq.redrive", targetType: "stage", targetID: "access-log")),
        .erasureRequested(ErasureRequested(userID: UUID(), requestedBy: UUID(), reason: "ticket 42")),
        .erasureRequested(ErasureRequested(userID: UUID())),
        .cacheInvalidation(CacheInvalidation(tags: ["user:1", "team:2"], origin: "api-1:7")),
        .deadLetter(
            DeadLetter(
                stage: "access-log", reason: "undecodable: truncated", sourceTopic: "api.requests.v1",
                sourcePartition: 11, sourceOffset: 123_456_789, original: [0xFF, 0x00, 0x10], originalKey: [1, 2],
                failedAtMicros: 1_767_225_600_000_000))
    ]

    @Test("every payload round-trips with every field", arguments: payloads)
    func roundTrip(payload: EventPayload) throws {
        let original = EventEnvelope(occurredAtMicros: 1_767_225_600_123_456, producer: "test:1", payload: payload)
        let decoded = try EventCodec.decode(EventCodec.encode(original))
        #expect(decoded == original)
        #expect(decoded.type == payload.typeName)
    }

    @Test("request redaction counts round-trip")
    func redactionCounts() throws {
        let request = ApiRequestEvent(
            method: "GET", path: "/api/v1/search", status: 200, redactions: ["query.email": 2, "query.token": 1])
        let original = EventEnvelope(occurredAtMicros: 1, producer: "test:1", payload: .apiRequest(request))
        #expect(try EventCodec.decode(EventCodec.encode(original)) == original)
    }

    @Test("each payload travels on its topic")
    func topics() {
        #expect(Topics.topic(for: Self.payloads[0]) == Topics.audit)
        #expect(Topics.topic(for: Self.payloads[2]) == Topics.audit)
        #expect(Topics.topic(for: Self.payloads[4]) == Topics.audit)
        #expect(Topics.topic(for: Self.payloads[6]) == Topics.cacheInvalidations)
        #expect(Topics.topic(for: Self.payloads[7]) == Topics.deadLetters)
    }
}
