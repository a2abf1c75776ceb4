import Foundation
import NIOCore

/// The API's response JSON: byte for byte what Foundation's `JSONEncoder` writes with
/// `[.sortedKeys, .withoutEscapingSlashes]` and the API's timestamp format (``JSONCoding``), at a fraction of the
/// cost. `JSONEncoder` was the largest single item in the API's profile (16-18% of its CPU under `bench api`).
/// `ResponseJSONEncoderTests` holds it to `JSONEncoder`'s output.
public enum ResponseJSONEncoder {
    public static func encode<T: Encodable>(_ value: T) throws -> ByteBuffer {
        guard let node = try node(for: value, path: nil) else {
            throw EncodingError.invalidValue(
                value, .init(codingPath: [], debugDescription: "Top-level \(T.self) did not encode any values."))
        }
        var writer = JSONNodeWriter(buffer: ByteBufferAllocator().buffer(capacity: 256))
        writer.write(node)
        return writer.buffer
    }

    /// The node of one value: the special types Foundation encodes by itself, else whatever `encode(to:)` builds
    /// (nil when it encoded nothing).
    static func node<T: Encodable>(for value: T, path: CodingPathNode?) throws -> JSONNode? {
        if T.self == String.self { return .string(value as! String) }
        if T.self == Date.self { return .string(JSONCoding.timestamp(value as! Date)) }
        if T.self == Decimal.self { return .number((value as! Decimal).description) }
        if T.self == URL.self { return .string((value as! URL).absoluteString) }
        if T.self == Data.self { return .string((value as! Data).base64EncodedString()) }
        if let direct = value as? any DirectJSON { return .fragment(try direct.directJSON()) }
        let encoder = NodeEncoder(path: path)
        try value.encode(to: encoder)
        return encoder.node
    }

    static func number(_ value: Double, path: CodingPathNode?) throws -> JSONNode {
        guard value.isFinite else {
            throw EncodingError.invalidValue(
                value,
                .init(
                    codingPath: path?.keys ?? [], debugDescription: "Unable to encode Double.\(value) directly in JSON."
                ))
        }
        return .number(trimmed(value.description))
    }

    static func number(_ value: Float, path: CodingPathNode?) throws -> JSONNode {
        guard value.isFinite else {
            throw EncodingError.invalidValue(
                value,
                .init(
                    codingPath: path?.keys ?? [], debugDescription: "Unable to encode Float.\(value) directly in JSON.")
            )
        }
        return .number(trimmed(value.description))
    }

    /// `1.0` is written `1`, as Foundation does.
    private static func trimmed(_ text: String) -> String {
        text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }
}

/// The coding path as a linked list: built for free while encoding, turned into an array only for errors.
final class CodingPathNode {
    let key: any CodingKey
    let parent: CodingPathNode?

    init(_ key: any CodingKey, parent: CodingPathNode?) {
        self.key = key
        self.parent = parent
    }

    var keys: [any CodingKey] {
        var keys: [any CodingKey] = []
        var node: CodingPathNode? = self
        while let current = node {
            keys.append(current.key)
            node = current.parent
        }
        return keys.reversed()
    }
}

/// A numeric index as a coding key (the elements of unkeyed containers).
struct IndexKey: CodingKey {
    let intValue: Int?
    var stringValue: String { "Index \(intValue ?? 0)" }
    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.intValue = intValue }
}
