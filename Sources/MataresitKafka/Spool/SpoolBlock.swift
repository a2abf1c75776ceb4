/// The on-disk block of the spool: a header, then a zstd frame holding length-prefixed records.
///
///     magic "MSP1" | uncompressed length u32 | compressed length u32 | CRC-32C of the frame u32 | frame
///
/// Records inside: topic length u16, topic, key length u32 (0xFFFFFFFF = no key), key, value length u32, value.
/// All integers little endian.
enum SpoolBlock {
    static let magic: [UInt8] = Array("MSP1".utf8)
    static let headerSize = 16

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
        let frame = Zstd.compress(plain)
        var block = magic
        block.append(le: UInt32(plain.count))
        block.append(le: UInt32(frame.count))
        block.append(le: CRC32C.checksum(frame))
        return block + frame
    }

    /// Decodes the block at `offset`; returns its records and the offset after it.
    static func decode(_ bytes: [UInt8], at offset: Int) throws(SpoolError) -> (records: [SpoolRecord], next: Int) {
        guard bytes.count - offset >= headerSize else { throw .truncated(offset: offset) }
        guard Array(bytes[offset..<offset + 4]) == magic else { throw .corrupt(offset: offset, reason: "bad magic") }
        let plainSize = Int(bytes.readLE(UInt32.self, at: offset + 4))
        let frameSize = Int(bytes.readLE(UInt32.self, at: offset + 8))
        let checksum = bytes.readLE(UInt32.self, at: offset + 12)
        let start = offset + headerSize
        guard bytes.count - start >= frameSize else { throw .truncated(offset: offset) }
        let frame = Array(bytes[start..<start + frameSize])
        guard CRC32C.checksum(frame) == checksum else { throw .corrupt(offset: offset, reason: "checksum mismatch") }
        guard let plain = Zstd.decompress(frame, size: plainSize) else {
            throw .corrupt(offset: offset, reason: "not a zstd frame")
        }
        return (try records(in: plain, blockOffset: offset), start + frameSize)
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
            let topic = String(decoding: try take(topicLength), as: UTF8.self)
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
    mutating func append<T: FixedWidthInteger>(le value: T) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }

    func readLE<T: FixedWidthInteger>(_: T.Type, at offset: Int) -> T {
        var value: T = 0
        for index in 0..<MemoryLayout<T>.size { value |= T(self[offset + index]) << (8 * index) }
        return value
    }
}
