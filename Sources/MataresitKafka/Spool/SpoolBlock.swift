/// The on-disk block of the spool: a ``ChecksummedFrame`` (magic "MSP1") holding length-prefixed records.
///
/// Records inside: topic length u16, topic, key length u32 (0xFFFFFFFF = no key), key, value length u32, value.
/// All integers little endian.
enum SpoolBlock {
    static let magic: [UInt8] = Array("MSP1".utf8)

    static func encode(_ records: [SpoolRecord]) -> [UInt8] {
        var plain: [UInt8] = []
        for record in records {
            let topic = Array(record.topic.utf8)
            plain.append(le: UInt16(topic.count))
            plain += topic
            plain.append(le: record.key.map { UInt32($0.count) } ?? UInt32.max)
            plain += record.key ?? []
            plain.append(le: UInt32(record.value.count))
            plain += record.value
        }
        return ChecksummedFrame.encode(plain, magic: magic)
    }

    /// Decodes the block at `offset`; returns its records and the offset after it.
    static func decode(_ bytes: [UInt8], at offset: Int) throws(SpoolError) -> (records: [SpoolRecord], next: Int) {
        let (plain, next) = try ChecksummedFrame.decode(bytes, at: offset, magic: magic)
        return (try records(in: plain, blockOffset: offset), next)
    }

    private static func records(in plain: [UInt8], blockOffset: Int) throws(SpoolError) -> [SpoolRecord] {
        var records: [SpoolRecord] = []
        var cursor = 0
        func take(_ count: Int) throws(SpoolError) -> ArraySlice<UInt8> {
            guard count >= 0, plain.count - cursor >= count else {
                throw .corrupt(offset: blockOffset, reason: "record runs past its block")
            }
            defer { cursor += count }
            return plain[cursor..<cursor + count]
        }
        while cursor < plain.count {
            let topicLength = Int(Array(try take(2)).readLE(UInt16.self, at: 0))
            // Validated, not repaired: `String(decoding:)` would turn a bad byte into U+FFFD and hand back a record
            // for another topic instead of reporting the block.
            guard let topic = String(validating: try take(topicLength), as: UTF8.self) else {
                throw .corrupt(offset: blockOffset, reason: "topic is not UTF-8")
            }
            let keyLength = Array(try take(4)).readLE(UInt32.self, at: 0)
            let key = keyLength == UInt32.max ? nil : Array(try take(Int(keyLength)))
            let value = Array(try take(Int(Array(try take(4)).readLE(UInt32.self, at: 0))))
            records.append(SpoolRecord(topic: topic, key: key, value: value))
        }
        return records
    }
}

/// Why a spool segment could not be read. Reported with the segment's name, never skipped silently.
public enum SpoolError: Error, Equatable {
    /// The segment ends inside a block (a crash while writing it).
    case truncated(offset: Int)
    case corrupt(offset: Int, reason: String)
}

extension Array where Element == UInt8 {
    public mutating func append<T: FixedWidthInteger>(le value: T) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }

    public func readLE<T: FixedWidthInteger>(_: T.Type, at offset: Int) -> T {
        var value: T = 0
        for index in 0..<MemoryLayout<T>.size { value |= T(self[offset + index]) << (8 * index) }
        return value
    }
}
