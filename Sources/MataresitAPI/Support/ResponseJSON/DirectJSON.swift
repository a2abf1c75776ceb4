import Foundation
import MataresitCore
import NIOCore

/// A type whose response JSON is written straight into bytes, members already in sorted key order, instead of
/// through `encode(to:)` (which builds a node per value and sorts each object's keys). For the types every hot
/// response carries (a page of receipts, the health answer): encoding was 38 % of `GET /receipts`' CPU.
/// The bytes must equal what ``ResponseJSONEncoder`` writes from `encode(to:)`; `DirectJSONTests` holds them to it.
protocol DirectJSON {
    func writeJSON(to object: inout JSONObjectWriter) throws
}

/// Writes one JSON object's members; keys must come in UTF-8 byte order (checked in debug builds).
struct JSONObjectWriter {
    private(set) var writer: JSONNodeWriter
    private var previousKey: StaticString?

    init(buffer: ByteBuffer) {
        writer = JSONNodeWriter(buffer: buffer)
        writer.buffer.writeInteger(UInt8(ascii: "{"))
    }

    /// The object's bytes, closed.
    mutating func finish() -> ByteBuffer {
        writer.buffer.writeInteger(UInt8(ascii: "}"))
        return writer.buffer
    }

    private mutating func key(_ key: StaticString) {
        assert(previousKey.map { Self.precedes($0, key) } ?? true, "keys out of order at \(key)")
        if previousKey != nil { writer.buffer.writeInteger(UInt8(ascii: ",")) }
        previousKey = key
        writer.buffer.writeInteger(UInt8(ascii: "\""))
        writer.buffer.writeStaticString(key)
        writer.buffer.writeStaticString("\":")
    }

    private static func precedes(_ first: StaticString, _ second: StaticString) -> Bool {
        UnsafeBufferPointer(start: first.utf8Start, count: first.utf8CodeUnitCount)
            .lexicographicallyPrecedes(UnsafeBufferPointer(start: second.utf8Start, count: second.utf8CodeUnitCount))
    }

    mutating func field(_ name: StaticString, _ value: String?) {
        key(name)
        guard let value else { return writer.write(.null) }
        writer.write(.string(value))
    }

    mutating func field(_ name: StaticString, _ value: Bool) {
        key(name)
        writer.write(.bool(value))
    }

    mutating func field(_ name: StaticString, _ value: Decimal?) {
        key(name)
        writer.write(value.map { .number($0.description) } ?? .null)
    }

    mutating func field(_ name: StaticString, _ value: Date) {
        key(name)
        writer.write(.string(JSONCoding.timestamp(value)))
    }

    /// A UUID as the API writes them: lowercase.
    mutating func field(_ name: StaticString, id value: UUID?) {
        key(name)
        writer.write(value.map { .string($0.lowercased) } ?? .null)
    }

    /// JSON written before (a constant part of a response, a nested ``DirectJSON``).
    mutating func field(_ name: StaticString, json: ByteBuffer) {
        key(name)
        writer.write(.fragment(json))
    }

    /// Any other value, through the generic encoder.
    mutating func field(_ name: StaticString, encoding value: some Encodable) throws {
        key(name)
        writer.write(try ResponseJSONEncoder.node(for: value, path: nil) ?? .object(JSONObjectNode()))
    }
}

extension DirectJSON {
    /// The object's bytes.
    func directJSON() throws -> ByteBuffer {
        var object = JSONObjectWriter(buffer: ByteBufferAllocator().buffer(capacity: 512))
        try writeJSON(to: &object)
        return object.finish()
    }
}
