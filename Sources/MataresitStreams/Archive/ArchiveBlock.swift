import MataresitKafka

/// One write of the archive: a ``ChecksummedFrame`` (magic "MAR1") of records in offset order.
///
/// Plain layout: count u32, then per record offset i64, event µs i64, key length u32 (0xFFFFFFFF = no key), key,
/// value length u32, value. Little endian.
enum ArchiveBlock {
    static let magic: [UInt8] = Array("MAR1".utf8)

    static func encode(_ records: [ArchiveRecord]) -> [UInt8] {
        var plain: [UInt8] = []
        plain.reserveCapacity(records.reduce(4) { $0 + 24 + $1.value.count + ($1.key?.count ?? 0) })
        plain.append(le: UInt32(records.count))
        for record in records {
            plain.append(le: record.offset)
            plain.append(le: record.eventMicros)
            plain.append(le: record.key.map { UInt32($0.count) } ?? UInt32.max)
            plain += record.key ?? []
            plain.append(le: UInt32(record.value.count))
            plain += record.value
        }
        return ChecksummedFrame.encode(plain, magic: magic)
    }

    /// Decodes the block at `position` of `file`'s bytes; returns its records and the position after it.
    static func decode(_ bytes: [UInt8], at position: Int, file: String) throws(ArchiveError) -> (
        records: [ArchiveRecord], next: Int
    ) {
        let plain: [UInt8], next: Int
        do {
            (plain, next) = try ChecksummedFrame.decode(bytes, at: position, magic: magic)
        } catch {
            switch error {
            case .truncated: throw .truncated(file: file, position: position)
            case .corrupt(_, let reason): throw .corrupt(file: file, position: position, reason: reason)
            }
        }
        var reader = ByteReader(bytes: plain)
        guard let records = reader.records(), reader.atEnd else {
            throw .corrupt(file: file, position: position, reason: "record runs past its block")
        }
        return (records, next)
    }
}

/// Bounds-checked little-endian reads of a block's plain bytes.
private struct ByteReader {
    let bytes: [UInt8]
    var cursor = 0

    var atEnd: Bool { cursor == bytes.count }

    mutating func records() -> [ArchiveRecord]? {
        guard let count = integer(UInt32.self) else { return nil }
        var records: [ArchiveRecord] = []
        // The count is only a claim until the records are read: a damaged one (up to 2^32 - 1) used to reserve
        // tens of gigabytes and trap. Each record takes at least 24 bytes, which bounds what can really follow.
        records.reserveCapacity(min(Int(count), (bytes.count - cursor) / 24))
        for _ in 0..<count {
            guard let offset = integer(Int64.self), let micros = integer(Int64.self),
                let keyLength = integer(UInt32.self)
            else { return nil }
            var key: [UInt8]?
            if keyLength != UInt32.max {
                guard let taken = take(Int(keyLength)) else { return nil }
                key = taken
            }
            guard let valueLength = integer(UInt32.self), let value = take(Int(valueLength)) else { return nil }
            records.append(ArchiveRecord(offset: offset, eventMicros: micros, key: key, value: value))
        }
        return records
    }

    mutating func integer<T: FixedWidthInteger>(_: T.Type) -> T? {
        let size = MemoryLayout<T>.size
        guard bytes.count - cursor >= size else { return nil }
        defer { cursor += size }
        return bytes.readLE(T.self, at: cursor)
    }

    mutating func take(_ count: Int) -> [UInt8]? {
        guard count >= 0, bytes.count - cursor >= count else { return nil }
        defer { cursor += count }
        return Array(bytes[cursor..<cursor + count])
    }
}
