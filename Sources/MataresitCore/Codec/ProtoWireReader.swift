/// Reads protobuf wire format from a byte buffer: varints and length-delimited fields. Every read checks the
/// bounds and answers nil on anything malformed (the caller then leaves the message to SwiftProtobuf).
struct ProtoWireReader {
    private let bytes: UnsafeRawBufferPointer
    private var index = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    var isAtEnd: Bool { index >= bytes.count }

    /// The next field's number and wire type.
    mutating func tag() -> (field: UInt64, wireType: UInt8)? {
        guard let key = varint(), key >> 3 > 0 else { return nil }
        return (key >> 3, UInt8(key & 7))
    }

    mutating func varint() -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while index < bytes.count && shift < 64 {
            let byte = bytes[index]
            index += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return shift == 63 && byte > 1 ? nil : value }
            shift += 7
        }
        return nil
    }

    mutating func lengthDelimited() -> UnsafeRawBufferPointer? {
        guard let length = varint(), length <= UInt64(bytes.count - index) else { return nil }
        let start = index
        index += Int(length)
        return UnsafeRawBufferPointer(rebasing: bytes[start..<index])
    }

    /// A valid UTF-8 string field.
    mutating func string() -> String? {
        lengthDelimited().flatMap { String(validating: $0, as: UTF8.self) }
    }
}
