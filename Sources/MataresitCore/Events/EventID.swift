import Foundation

/// Event identifiers are UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then random bits.
/// Time ordering keeps index inserts append-mostly; uniqueness makes them the idempotency key.
public enum EventID {
    /// A new UUIDv7 for the given instant (defaults to now).
    public static func make(at date: Date = Date()) -> UUID {
        // Via whole microseconds: truncating `seconds * 1000` turns e.g. 0.255 s into 254 ms.
        let millis = UInt64(max(0, date.microsecondsSince1970)) / 1000
        var value: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &value) { bytes in
            RandomBytes.fill(UnsafeMutableRawBufferPointer(rebasing: bytes[6...]))
            for index in 0..<6 { bytes[index] = UInt8(truncatingIfNeeded: millis >> (8 * (5 - index))) }
            bytes[6] = (bytes[6] & 0x0F) | 0x70  // version 7
            bytes[8] = (bytes[8] & 0x3F) | 0x80  // RFC 4122 variant
        }
        return UUID(uuid: value)
    }

    /// The millisecond timestamp embedded in a UUIDv7.
    public static func milliseconds(of id: UUID) -> UInt64 {
        id.byteArray.prefix(6).reduce(0) { ($0 << 8) | UInt64($1) }
    }
}

extension UUID {
    /// The 16 bytes of the UUID, in network order.
    public var byteArray: [UInt8] {
        withUnsafeBytes(of: uuid) { Array($0) }
    }

    /// Builds a UUID from exactly 16 bytes; nil for any other length.
    public init?<Bytes: Collection>(bytes: Bytes) where Bytes.Element == UInt8 {
        guard bytes.count == 16 else { return nil }
        var value: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &value) { target in
            let copied: Void? = bytes.withContiguousStorageIfAvailable {
                target.copyMemory(from: UnsafeRawBufferPointer($0))
            }
            if copied == nil {
                for (index, byte) in bytes.enumerated() { target[index] = byte }
            }
        }
        self.init(uuid: value)
    }

    /// Lowercase canonical text form, as Postgres prints it. Written by hand: `uuidString` goes through
    /// `sprintf` and `lowercased()` copies again (both showed in the stages' and the API's profiles).
    public var lowercased: String {
        String(unsafeUninitializedCapacity: Hex.uuidTextLength) { text in
            Hex.writeUUID(uuid, into: UnsafeMutableRawBufferPointer(text))
            return Hex.uuidTextLength
        }
    }

    /// The 16 bytes as two big-endian integers: comparing these orders UUIDs as their bytes (and their text, and
    /// Postgres' `uuid`) sort, without formatting anything.
    public var byteOrder: (UInt64, UInt64) {
        withUnsafeBytes(of: uuid) { bytes in
            (
                UInt64(bigEndian: bytes.loadUnaligned(as: UInt64.self)),
                UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
            )
        }
    }
}
