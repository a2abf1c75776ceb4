import Foundation

/// Lower-case hexadecimal, by hand: `String(format: "%02x")` per byte goes through CFString's format parser and
/// was 7% of the API's CPU when it hashed every presented key; `uuidString` goes through `sprintf`.
public enum Hex {
    /// The lower-case hex digit of a value 0...15.
    @inlinable
    public static func digit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") - 10 + nibble
    }

    public static func lowercase<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var text: [UInt8] = []
        text.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            text.append(digit(byte >> 4))
            text.append(digit(byte & 0x0F))
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The length of a UUID's canonical text.
    public static let uuidTextLength = 36

    /// Writes the lowercase canonical 8-4-4-4-12 text of `uuid` (as Postgres prints it) into the first
    /// `uuidTextLength` bytes of `target`.
    public static func writeUUID(_ uuid: uuid_t, into target: UnsafeMutableRawBufferPointer) {
        precondition(target.count >= uuidTextLength)
        withUnsafeBytes(of: uuid) { bytes in
            var written = 0
            for (index, byte) in bytes.enumerated() {
                if index == 4 || index == 6 || index == 8 || index == 10 {
                    target[written] = UInt8(ascii: "-")
                    written += 1
                }
                target[written] = digit(byte >> 4)
                target[written + 1] = digit(byte & 0x0F)
                written += 2
            }
        }
    }
}
