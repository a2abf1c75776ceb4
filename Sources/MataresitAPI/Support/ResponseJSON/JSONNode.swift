import MataresitCore
import NIOCore

/// A JSON value as ``ResponseJSONEncoder`` builds it. Objects and arrays are references so that containers
/// handed out by the encoder write straight into their parent.
enum JSONNode {
    case null
    case bool(Bool)
    case string(String)
    /// The number's text, already in JSON form.
    case number(String)
    case object(JSONObjectNode)
    case array(JSONArrayNode)
    /// A value's JSON already written (see ``DirectJSON``).
    case fragment(ByteBuffer)
}

/// Members in the order they were set; the writer sorts them and keeps the last of equal keys (an array is
/// cheaper to fill than a dictionary, and keys rarely repeat).
final class JSONObjectNode {
    var members: [(key: String, value: JSONNode)] = []

    func set(_ key: String, _ value: JSONNode) { members.append((key, value)) }
}

final class JSONArrayNode {
    var elements: [JSONNode] = []
}

/// Writes nodes as compact JSON: object keys in UTF-8 byte order; in strings `"` and `\` escaped, the control
/// characters as `\b \t \n \f \r` or `\u00xx`, everything else (slashes, non-ASCII) as is.
struct JSONNodeWriter {
    var buffer: ByteBuffer

    mutating func write(_ node: JSONNode) {
        switch node {
        case .null: buffer.writeStaticString("null")
        case .bool(let value): value ? buffer.writeStaticString("true") : buffer.writeStaticString("false")
        case .string(let value): write(string: value)
        case .number(let text): buffer.writeString(text)
        case .object(let object): write(object: object)
        case .array(let array): write(array: array)
        case .fragment(let bytes): buffer.writeImmutableBuffer(bytes)
        }
    }

    private mutating func write(object: JSONObjectNode) {
        buffer.writeInteger(UInt8(ascii: "{"))
        // Stable sort: of equal keys the one set last comes last, and is the one written.
        let sorted = object.members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        var first = true
        for (index, member) in sorted.enumerated()
        where index + 1 == sorted.count || sorted[index + 1].key != member.key {
            if !first { buffer.writeInteger(UInt8(ascii: ",")) }
            first = false
            write(string: member.key)
            buffer.writeInteger(UInt8(ascii: ":"))
            write(member.value)
        }
        buffer.writeInteger(UInt8(ascii: "}"))
    }

    private mutating func write(array: JSONArrayNode) {
        buffer.writeInteger(UInt8(ascii: "["))
        for (index, element) in array.elements.enumerated() {
            if index > 0 { buffer.writeInteger(UInt8(ascii: ",")) }
            write(element)
        }
        buffer.writeInteger(UInt8(ascii: "]"))
    }

    private mutating func write(string: String) {
        buffer.writeInteger(UInt8(ascii: "\""))
        var text = string
        text.withUTF8 { bytes in
            var clean = 0  // start of the run not yet written
            for (index, byte) in bytes.enumerated()
            where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                buffer.writeBytes(bytes[clean..<index])
                writeEscaped(byte)
                clean = index + 1
            }
            buffer.writeBytes(bytes[clean...])
        }
        buffer.writeInteger(UInt8(ascii: "\""))
    }

    private mutating func writeEscaped(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): buffer.writeStaticString("\\\"")
        case UInt8(ascii: "\\"): buffer.writeStaticString("\\\\")
        case 0x08: buffer.writeStaticString("\\b")
        case 0x0C: buffer.writeStaticString("\\f")
        case UInt8(ascii: "\n"): buffer.writeStaticString("\\n")
        case UInt8(ascii: "\r"): buffer.writeStaticString("\\r")
        case UInt8(ascii: "\t"): buffer.writeStaticString("\\t")
        default:
            buffer.writeStaticString("\\u00")
            buffer.writeInteger(Hex.digit(byte >> 4))
            buffer.writeInteger(Hex.digit(byte & 0x0F))
        }
    }
}
