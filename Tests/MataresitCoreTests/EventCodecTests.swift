import Foundation
import Testing

@testable import MataresitCore

@Suite("EventCodec")
struct EventCodecTests {
    static func envelope(_ payload: EventPayload, schemaVersion: UInt32 = EventEnvelope.currentSchemaVersion)
        -> EventEnvelope
    {
        EventEnvelope(
            id: EventID.make(), occurredAtMicros: 1_767_225_600_123_456, producer: "api-1:4242",
            schemaVersion: schemaVersion, payload: payload)
    }

    static func fullRequest(rateLimit: RateLimitDecision = .limited) -> ApiRequestEvent {
        ApiRequestEvent(
            requestID: EventID.make(), apiKeyID: UUID(), apiKeyPrefix: "mk_live_1a2b", userID: UUID(),
            teamID: UUID(), tier: "pro", method: "POST", route: "/api/v1/receipts/{id}",
            path: "/api/v1/receipts/42", status: 429, errorCode: "RATE_LIMIT_EXCEEDED",
            durationMicros: 1_234_567, requestBytes: 2_048, responseBytes: UInt64.max, rateLimit: rateLimit,
            clientIP: SealedValue(subject: "user:0190f3a2-0000-7000-8000-000000000001", combined: [1, 2, 3]),
            userAgent: SealedValue(subject: "anon:2026-01-01", combined: Array(0...255)))
    }

    static func decodeError(_ bytes: [UInt8]) -> CoreError? {
        #expect(throws: CoreError.self) { try EventCodec.decode(bytes) }
    }

    @Test("round trip with every field set", arguments: RateLimitDecision.allCases)
    func roundTripFull(rateLimit: RateLimitDecision) throws {
        let original = Self.envelope(.apiRequest(Self.fullRequest(rateLimit: rateLimit)))
        let decoded = try EventCodec.decode(EventCodec.encode(original))
        #expect(decoded == original)
        #expect(decoded.type == "api.request")
    }

    @Test("round trip with every optional nil")
    func roundTripMinimal() throws {
        let request = ApiRequestEvent(requestID: UUID(), method: "GET", path: "/health", status: 200)
        let original = Self.envelope(.apiRequest(request))
        let decoded = try EventCodec.decode(EventCodec.encode(original))
        #expect(decoded == original)
        let payload = try #require(Self.request(in: decoded))
        #expect(payload.apiKeyID == nil && payload.apiKeyPrefix == nil && payload.userID == nil)
        #expect(payload.teamID == nil && payload.tier == nil && payload.route == nil && payload.errorCode == nil)
        #expect(payload.clientIP == nil && payload.userAgent == nil)
        #expect(payload.rateLimit == .notChecked)
    }

    @Test("an envelope without payload decodes as unknown, keeping its type name")
    func absentPayload() throws {
        let original = Self.envelope(.unknown(typeName: "receipt.created"))
        let decoded = try EventCodec.decode(EventCodec.encode(original))
        #expect(decoded.payload == .unknown(typeName: "receipt.created"))
        #expect(decoded == original)
    }

    @Test("hand-built wire bytes decode field by field")
    func handBuiltBytes() throws {
        let id = EventID.make()
        let bytes = ProtoWire.envelope(
            eventID: id.byteArray, type: "receipt.created", schemaVersion: 1, occurredAtMicros: 42,
            producer: "worker-7")
        let decoded = try EventCodec.decode(bytes)
        #expect(decoded.id == id)
        #expect(decoded.occurredAtMicros == 42)
        #expect(decoded.producer == "worker-7")
        #expect(decoded.schemaVersion == 1)
        #expect(decoded.payload == .unknown(typeName: "receipt.created"))
    }

    @Test(
        "garbage bytes are undecodable",
        arguments: [
            [], [0xFF], [0xFF, 0xFF, 0xFF, 0xFF], [0x0A, 0x10, 0x01], [0x08], Array("hello, world".utf8)
        ] as [[UInt8]])
    func garbage(bytes: [UInt8]) {
        #expect(Self.decodeError(bytes)?.isUndecodableEvent == true)
    }

    @Test("an event id that is not 16 bytes is undecodable", arguments: [0, 1, 15, 17, 32])
    func wrongLengthEventID(length: Int) {
        let bytes = ProtoWire.envelope(eventID: Array(repeating: 0x11, count: length))
        #expect(Self.decodeError(bytes)?.isUndecodableEvent == true)
    }

    @Test("a request id that is not 16 bytes is undecodable")
    func wrongLengthRequestID() {
        let request = ProtoWire.bytesField(1, [1, 2, 3]) + ProtoWire.stringField(7, "GET")
        let bytes = ProtoWire.envelope(extra: ProtoWire.bytesField(10, request))
        #expect(Self.decodeError(bytes)?.isUndecodableEvent == true)
    }

    @Test("a status outside 100...599 is undecodable", arguments: [0, 99, 600, 1_000])
    func invalidStatus(status: Int) {
        let request = ApiRequestEvent(requestID: UUID(), method: "GET", path: "/", status: status)
        #expect(Self.decodeError(EventCodec.encode(Self.envelope(.apiRequest(request))))?.isUndecodableEvent == true)
    }

    @Test("statuses at the edges of 100...599 decode", arguments: [100, 599])
    func edgeStatus(status: Int) throws {
        let original = Self.envelope(.apiRequest(ApiRequestEvent(method: "GET", path: "/", status: status)))
        #expect(try EventCodec.decode(EventCodec.encode(original)) == original)
    }

    @Test(
        "unsupported schema versions are undecodable",
        arguments: [0, EventEnvelope.currentSchemaVersion + 1, UInt32.max])
    func unsupportedSchemaVersion(version: UInt32) {
        let bytes = EventCodec.encode(Self.envelope(.apiRequest(Self.fullRequest()), schemaVersion: version))
        #expect(Self.decodeError(bytes)?.isUndecodableEvent == true)
    }

    @Test("every schema version up to the current one decodes", arguments: 1...EventEnvelope.currentSchemaVersion)
    func supportedSchemaVersions(version: UInt32) throws {
        let original = Self.envelope(.unknown(typeName: "x"), schemaVersion: version)
        #expect(try EventCodec.decode(EventCodec.encode(original)).schemaVersion == version)
    }

    @Test("an unknown field appended by a newer producer is ignored")
    func unknownFieldIgnored() throws {
        let original = Self.envelope(.apiRequest(Self.fullRequest()))
        let bytes = EventCodec.encode(original) + ProtoWire.varintField(99, 1)
        #expect(try EventCodec.decode(bytes) == original)
    }

    @Test("a payload kind added by a newer producer decodes as unknown")
    func newerPayloadKind() throws {
        let bytes = ProtoWire.envelope(
            type: "receipt.created", extra: ProtoWire.bytesField(40, ProtoWire.stringField(1, "r-1")))
        #expect(try EventCodec.decode(bytes).payload == .unknown(typeName: "receipt.created"))
    }

    static func request(in envelope: EventEnvelope) -> ApiRequestEvent? {
        if case .apiRequest(let request) = envelope.payload { return request }
        return nil
    }
}
