import Foundation

/// Writes protobuf wire format: tags, varints and length-delimited fields, leaving out proto3 defaults (empty
/// strings and bytes, zeros) as SwiftProtobuf does.
struct ProtoWireWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int) { bytes.reserveCapacity(capacity) }

    mutating func varint(_ value: UInt64) {
        var remaining = value
        while remaining >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: remaining) | 0x80)
            remaining >>= 7
        }
        bytes.append(UInt8(remaining))
    }

    mutating func tag(_ field: UInt64, wireType: UInt64) { varint(field << 3 | wireType) }

    /// A varint field, left out when zero.
    mutating func varintField(_ field: UInt64, _ value: UInt64) {
        guard value != 0 else { return }
        tag(field, wireType: 0)
        varint(value)
    }

    /// A bytes or string field, left out when empty.
    mutating func bytesField(_ field: UInt64, _ value: some Collection<UInt8>) {
        guard !value.isEmpty else { return }
        tag(field, wireType: 2)
        varint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    mutating func stringField(_ field: UInt64, _ value: String?) {
        guard let value else { return }
        bytesField(field, value.utf8)
    }

    mutating func uuidField(_ field: UInt64, _ value: UUID?) {
        guard let value else { return }
        tag(field, wireType: 2)
        varint(16)
        withUnsafeBytes(of: value.uuid) { bytes.append(contentsOf: $0) }
    }

    /// An embedded message, written even when empty (a set message is present).
    mutating func messageField(_ field: UInt64, _ message: ProtoWireWriter) {
        tag(field, wireType: 2)
        varint(UInt64(message.bytes.count))
        bytes.append(contentsOf: message.bytes)
    }
}
