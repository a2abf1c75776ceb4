import Foundation

/// Decodes the stages' hot case by hand: an envelope carrying an `api.request`, in the shape our producers write
/// (known fields only, each embedded message once). It answers nil for anything else (another payload, unknown or
/// repeated message fields, a wrong wire type, invalid UTF-8, an id of the wrong length, an unknown enum value),
/// and the caller decodes with SwiftProtobuf, whose result or error stands. So it never accepts what
/// SwiftProtobuf refuses, and when it accepts, the result is the same (`ApiRequestFastDecoderTests` compares
/// them over generated and mutated events). SwiftProtobuf's generic decoding was the largest item of the
/// stages' profile (each stage decodes every event).
enum ApiRequestFastDecoder {
    static func decode(_ bytes: UnsafeRawBufferPointer) -> EventEnvelope? {
        var reader = ProtoWireReader(bytes)
        var id: UUID?, version: UInt32 = 0, occurredAt: Int64 = 0, producer = ""
        var request: ApiRequestEvent?
        while !reader.isAtEnd {
            guard let (field, wireType) = reader.tag() else { return nil }
            switch (field, wireType) {
            case (1, 2):
                guard let data = reader.lengthDelimited(), data.count == 16 else { return nil }
                id = UUID(bytes: data)
            case (2, 2): guard reader.string() != nil else { return nil }  // the payload names the type
            case (3, 0):
                guard let value = reader.varint(), value <= UInt64(UInt32.max) else { return nil }
                version = UInt32(value)
            case (4, 0):
                guard let value = reader.varint() else { return nil }
                occurredAt = Int64(bitPattern: value)
            case (5, 2):
                guard let value = reader.string() else { return nil }
                producer = value
            case (10, 2):
                guard request == nil, let body = reader.lengthDelimited(), let decoded = apiRequest(body) else {
                    return nil
                }
                request = decoded
            default: return nil
            }
        }
        guard let id, let request, version >= 1, version <= EventEnvelope.currentSchemaVersion else { return nil }
        return EventEnvelope(
            id: id, occurredAtMicros: occurredAt, producer: producer, schemaVersion: version,
            payload: .apiRequest(request))
    }

    private static func apiRequest(_ bytes: UnsafeRawBufferPointer) -> ApiRequestEvent? {
        var reader = ProtoWireReader(bytes)
        var event = ApiRequestEvent(
            requestID: UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)), method: "", path: "", status: 0)
        var requestID: UUID?
        var status: UInt64 = 0
        var sealedSeen: Set<UInt64> = []
        while !reader.isAtEnd {
            guard let (field, wireType) = reader.tag() else { return nil }
            switch (field, wireType) {
            case (1, 2):
                guard let data = reader.lengthDelimited(), data.count == 16 else { return nil }
                requestID = UUID(bytes: data)
            case (2, 2), (4, 2), (5, 2):
                guard let data = reader.lengthDelimited() else { return nil }
                let id: UUID?
                switch data.count {
                case 0: id = nil
                case 16: id = UUID(bytes: data)
                default: return nil
                }
                if field == 2 {
                    event.apiKeyID = id
                } else if field == 4 {
                    event.userID = id
                } else {
                    event.teamID = id
                }
            case (3, 2), (6, 2), (7, 2), (8, 2), (9, 2), (11, 2):
                guard let text = reader.string() else { return nil }
                switch field {
                case 3: event.apiKeyPrefix = text.nilIfEmpty
                case 6: event.tier = text.nilIfEmpty
                case 7: event.method = text
                case 8: event.route = text.nilIfEmpty
                case 9: event.path = text
                default: event.errorCode = text.nilIfEmpty
                }
            case (10, 0):
                guard let value = reader.varint(), value <= UInt64(UInt32.max) else { return nil }
                status = value
            case (12, 0), (13, 0), (14, 0):
                guard let value = reader.varint() else { return nil }
                if field == 12 {
                    event.durationMicros = value
                } else if field == 13 {
                    event.requestBytes = value
                } else {
                    event.responseBytes = value
                }
            case (15, 0):
                guard let value = reader.varint(), value <= 3 else { return nil }
                event.rateLimit = value == 1 ? .allowed : value == 2 ? .limited : .notChecked
            case (16, 2), (17, 2):
                guard sealedSeen.insert(field).inserted, let body = reader.lengthDelimited(), let sealed = sealed(body)
                else { return nil }
                if field == 16 { event.clientIP = sealed } else { event.userAgent = sealed }
            case (18, 2):
                guard let body = reader.lengthDelimited(), let (key, value) = mapEntry(body) else { return nil }
                event.redactions[key] = value
            default: return nil
            }
        }
        guard let requestID, (100...599).contains(status) else { return nil }
        event.requestID = requestID
        event.status = Int(status)
        return event
    }

    private static func sealed(_ bytes: UnsafeRawBufferPointer) -> SealedValue? {
        var reader = ProtoWireReader(bytes)
        var subject = "", combined: [UInt8] = []
        while !reader.isAtEnd {
            guard let (field, wireType) = reader.tag() else { return nil }
            switch (field, wireType) {
            case (1, 2):
                guard let text = reader.string() else { return nil }
                subject = text
            case (2, 2):
                guard let data = reader.lengthDelimited() else { return nil }
                combined = Array(data)
            default: return nil
            }
        }
        return SealedValue(subject: subject, combined: combined)
    }

    private static func mapEntry(_ bytes: UnsafeRawBufferPointer) -> (String, UInt32)? {
        var reader = ProtoWireReader(bytes)
        var key = "", value: UInt32 = 0
        while !reader.isAtEnd {
            guard let (field, wireType) = reader.tag() else { return nil }
            switch (field, wireType) {
            case (1, 2):
                guard let text = reader.string() else { return nil }
                key = text
            case (2, 0):
                guard let number = reader.varint(), number <= UInt64(UInt32.max) else { return nil }
                value = UInt32(number)
            default: return nil
            }
        }
        return (key, value)
    }
}
