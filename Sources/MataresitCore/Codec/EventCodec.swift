import Foundation
import SwiftProtobuf

/// Encodes envelopes to the Protocol Buffers wire format of `streams/schema/events.proto` and back.
public enum EventCodec {
    /// Wire bytes of one envelope.
    public static func encode(_ envelope: EventEnvelope) -> [UInt8] {
        if case .apiRequest(let request) = envelope.payload { return ApiRequestFastEncoder.encode(envelope, request) }
        return encodeWithSwiftProtobuf(envelope)
    }

    /// The general encoder (every payload); the reference of the hand-written `api.request` path.
    public static func encodeWithSwiftProtobuf(_ envelope: EventEnvelope) -> [UInt8] {
        let message = ProtoEnvelope(envelope)
        // Serialising a fully initialised proto3 message cannot fail.
        return (try? message.serializedBytes()) ?? []
    }

    /// Decodes wire bytes; throws `CoreError.undecodableEvent` for anything that is not a valid envelope.
    public static func decode<Bytes: ContiguousBytes>(_ bytes: Bytes) throws -> EventEnvelope {
        if let fast = bytes.withUnsafeBytes(ApiRequestFastDecoder.decode) { return fast }
        return try decodeWithSwiftProtobuf(bytes)
    }

    /// Only the hand-written `api.request` path: nil when it leaves the input to SwiftProtobuf (for tests and
    /// benchmarks).
    public static func decodeFastPath(_ bytes: [UInt8]) -> EventEnvelope? {
        bytes.withUnsafeBytes(ApiRequestFastDecoder.decode)
    }

    /// The general decoder (every payload, every older schema version, merge semantics of repeated fields).
    public static func decodeWithSwiftProtobuf<Bytes: ContiguousBytes>(_ bytes: Bytes) throws -> EventEnvelope {
        let message: ProtoEnvelope
        do {
            message = try ProtoEnvelope(serializedBytes: bytes)
        } catch {
            throw CoreError.undecodableEvent(reason: "not a protobuf envelope")
        }
        return try EventEnvelope(message)
    }
}

typealias ProtoEnvelope = Mataresit_Events_V1_Envelope
typealias ProtoApiRequest = Mataresit_Events_V1_ApiRequest
typealias ProtoSealed = Mataresit_Events_V1_Sealed
