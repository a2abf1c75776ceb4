import Foundation
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

    public mutating func uuid(_ value: UUID?) {
        guard let value else { return null() }
        plain(value.lowercased)
    }

    public mutating func int(_ value: (some BinaryInteger)?) {
        guard let value else { return null() }
        plain(value)
    }

    public mutating func bool(_ value: Bool) { plain(value ? "t" : "f") }

    /// Microseconds since the epoch, written as a UTC timestamp with microsecond precision.
    public mutating func timestamp(micros: Int64) {
        separate()
        let seconds = micros.quotientAndRemainder(dividingBy: 1_000_000)
        var fraction = seconds.remainder, whole = seconds.quotient
        if fraction < 0 { fraction += 1_000_000; whole -= 1 }
        var time = time_t(whole)
        var parts = tm()
        gmtime_r(&time, &parts)
        buffer.writeString(
            String(
                format: "%04d-%02d-%02d %02d:%02d:%02d.%06d+00", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
                Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), Int(fraction)))
    }

    public mutating func endRow() {
        buffer.writeStaticString("\n")
        fieldsInRow = 0
    }

    private mutating func separate() {
        if fieldsInRow > 0 { buffer.writeStaticString("\t") }
        fieldsInRow += 1
    }
}
