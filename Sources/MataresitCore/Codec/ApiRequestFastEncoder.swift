import Foundation

/// Encodes `api.request` envelopes by hand (every request the API serves emits one; SwiftProtobuf's generic
/// encoder showed in the API's profile). The bytes are what SwiftProtobuf writes: fields in number order, proto3
/// defaults left out (`ApiRequestFastEncoderTests` compares them, and decodes them back with both decoders).
enum ApiRequestFastEncoder {
    static func encode(_ envelope: EventEnvelope, _ request: ApiRequestEvent) -> [UInt8] {
        var body = ProtoWireWriter(capacity: 256)
        body.uuidField(1, request.requestID)
        body.uuidField(2, request.apiKeyID)
        body.stringField(3, request.apiKeyPrefix)
        body.uuidField(4, request.userID)
        body.uuidField(5, request.teamID)
        body.stringField(6, request.tier)
        body.stringField(7, request.method)
        body.stringField(8, request.route)
        body.stringField(9, request.path)
        body.varintField(10, UInt64(UInt32(clamping: request.status)))
        body.stringField(11, request.errorCode)
        body.varintField(12, request.durationMicros)
        body.varintField(13, request.requestBytes)
        body.varintField(14, request.responseBytes)
        body.varintField(15, rateLimitNumber(request.rateLimit))
        if let ip = request.clientIP { body.messageField(16, sealed(ip)) }
        if let agent = request.userAgent { body.messageField(17, sealed(agent)) }
        for (key, count) in request.redactions {
            var entry = ProtoWireWriter(capacity: key.utf8.count + 8)
            entry.stringField(1, key)
            entry.varintField(2, UInt64(count))
            body.messageField(18, entry)
        }
        var envelopeBytes = ProtoWireWriter(capacity: body.bytes.count + 64)
        envelopeBytes.uuidField(1, envelope.id)
        envelopeBytes.stringField(2, ApiRequestEvent.typeName)
        envelopeBytes.varintField(3, UInt64(envelope.schemaVersion))
        envelopeBytes.varintField(4, UInt64(bitPattern: envelope.occurredAtMicros))
        envelopeBytes.stringField(5, envelope.producer)
        envelopeBytes.messageField(10, body)
        return envelopeBytes.bytes
    }

    private static func sealed(_ value: SealedValue) -> ProtoWireWriter {
        var message = ProtoWireWriter(capacity: value.subject.utf8.count + value.combined.count + 8)
        message.stringField(1, value.subject)
        message.bytesField(2, value.combined)
        return message
    }

    private static func rateLimitNumber(_ decision: RateLimitDecision) -> UInt64 {
        switch decision {
        case .allowed: 1
        case .limited: 2
        case .notChecked: 3
        }
    }
}
