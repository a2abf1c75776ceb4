import Foundation
import MataresitCore
import NIOCore

/// Writes values in the text format of `COPY ... FROM STDIN`: tab-separated, `\N` for NULL, one row per line,
/// with backslash, tab, newline and carriage return escaped so that hostile strings stay data.
public struct CopyTextFormat {
    public private(set) var buffer: ByteBuffer
    private var fieldsInRow = 0

    public init(capacity: Int = 64 * 1024) {
        buffer = ByteBufferAllocator().buffer(capacity: capacity)
    }

    public mutating func null() {
        separate()
        buffer.writeStaticString("\\N")
    }

    public mutating func text(_ value: String?) {
        guard let value else { return null() }
        separate()
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\\"): buffer.writeStaticString("\\\\")
            case UInt8(ascii: "\t"): buffer.writeStaticString("\\t")
            case UInt8(ascii: "\n"): buffer.writeStaticString("\\n")
            case UInt8(ascii: "\r"): buffer.writeStaticString("\\r")
            case 0: continue  // Postgres text cannot hold NUL; drop it rather than fail the batch
            default: buffer.writeInteger(byte)
            }
        }
    }

    /// Writes a value whose text form never needs escaping (numbers, UUIDs, booleans).
    public mutating func plain(_ value: some CustomStringConvertible) {
        separate()
        buffer.writeString(value.description)
    }

    /// Lowercase 8-4-4-4-12 hex, written straight into the buffer (this and `timestamp` ran hot as Strings).
    public mutating func uuid(_ value: UUID?) {
        guard let value else { return null() }
        separate()
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: Hex.uuidTextLength) { target in
            Hex.writeUUID(value.uuid, into: target)
            return Hex.uuidTextLength
        }
    }

    public mutating func int(_ value: (some BinaryInteger)?) {
        guard let value else { return null() }
        separate()
        if let small = Int64(exactly: value), small >= 0 {
            writeDigits(small)
        } else {
            buffer.writeString(value.description)
        }
    }

    public mutating func bool(_ value: Bool) { plain(value ? "t" : "f") }

    /// Microseconds since the epoch, written as a UTC timestamp with microsecond precision
    /// (`yyyy-MM-dd HH:mm:ss.ffffff+00`).
    public mutating func timestamp(micros: Int64) {
        let day = UTCTime.dayNumber(micros: micros)
        let date = UTCTime.civil(dayNumber: day)
        guard (0...9999).contains(date.year) else { return plain(UTCTime.timestampText(micros: micros)) }
        separate()
        let inDay = micros - day * UTCTime.microsPerDay
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: 26) { target in
            UTCTime.writeDateTime(
                date, secondOfDay: inDay / 1_000_000, fraction: inDay % 1_000_000, fractionDigits: 6,
                separator: UInt8(ascii: " "), into: target)
        }
        buffer.writeStaticString("+00")
    }

    public mutating func endRow() {
        buffer.writeStaticString("\n")
        fieldsInRow = 0
    }

    /// A non-negative number in decimal.
    private mutating func writeDigits(_ value: Int64) {
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // room for 24 digits on the stack
        var remaining = UInt64(value), count = 0
        withUnsafeMutableBytes(of: &digits) { scratch in
            repeat {
                scratch[23 - count] = UInt8(ascii: "0") + UInt8(remaining % 10)
                remaining /= 10
                count += 1
            } while remaining > 0
            buffer.writeBytes(UnsafeRawBufferPointer(rebasing: scratch[(24 - count)...]))
        }
    }

    private mutating func separate() {
        if fieldsInRow > 0 { buffer.writeStaticString("\t") }
        fieldsInRow += 1
    }
}
