import MataresitFuzzSupport

/// Hand-built Protocol Buffers wire bytes, independent of the generated code, for crafting
/// envelopes the codec would never write itself (wrong lengths, unknown fields, newer payloads).
enum ProtoWire {
    static func varint(_ value: UInt64) -> [UInt8] { ByteMutator.varintBytes(value) }

    /// Wire type 0.
    static func varintField(_ number: UInt64, _ value: UInt64) -> [UInt8] {
        varint(number << 3) + varint(value)
    }

    /// Wire type 2.
    static func bytesField(_ number: UInt64, _ bytes: [UInt8]) -> [UInt8] {
        varint(number << 3 | 2) + varint(UInt64(bytes.count)) + bytes
    }

    static func stringField(_ number: UInt64, _ text: String) -> [UInt8] {
        bytesField(number, Array(text.utf8))
    }

    /// An `Envelope` (see `streams/schema/events.proto`) with the given raw parts.
    static func envelope(
        eventID: [UInt8] = Array(repeating: 0xAB, count: 16), type: String = "api.request",
        schemaVersion: UInt64 = 1, occurredAtMicros: UInt64 = 1_000, producer: String = "test",
        extra: [UInt8] = []
    ) -> [UInt8] {
        bytesField(1, eventID) + stringField(2, type) + varintField(3, schemaVersion)
            + varintField(4, occurredAtMicros) + stringField(5, producer) + extra
    }
}
