/// The canonical forms Signature Version 4 signs.
public enum SigV4Canonical {
    /// RFC 3986 unreserved characters are kept; every other byte of the UTF-8 form becomes `%XX` (upper case).
    /// With `keepingSlash`, `/` stays as it is, which is how S3 object keys are put into paths.
    public static func encode(_ text: String, keepingSlash: Bool = false) -> String {
        var encoded: [UInt8] = []
        encoded.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if isUnreserved(byte) || (keepingSlash && byte == UInt8(ascii: "/")) {
                encoded.append(byte)
            } else {
                encoded.append(UInt8(ascii: "%"))
                encoded.append(hexDigit(byte >> 4))
                encoded.append(hexDigit(byte & 0x0F))
            }
        }
        return String(decoding: encoded, as: UTF8.self)
    }

    /// The canonical URI of a request whose path on the wire is `wirePath` (already percent-encoded once).
    ///
    /// S3 signs that path unchanged (`normalizing: false`), so a key such as `a//b/../c` keeps its bytes. Other
    /// services remove dot segments and repeated slashes and then encode the path once more, which AWS calls
    /// double encoding (a space sent as `%20` is signed as `%2520`).
    public static func uri(wirePath: String, normalizing: Bool) -> String {
        guard normalizing else { return wirePath.isEmpty ? "/" : wirePath }
        return encode(removingDotSegments(wirePath), keepingSlash: true)
    }

    /// Dot segments removed and repeated slashes collapsed (RFC 3986 §5.2.4); a trailing slash stays.
    static func removingDotSegments(_ path: String) -> String {
        var segments: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..": _ = segments.popLast()
            default: segments.append(segment)
            }
        }
        let joined = "/" + segments.joined(separator: "/")
        return path.hasSuffix("/") && !segments.isEmpty ? joined + "/" : joined
    }

    /// Names and values encoded, sorted by name and then value (byte order), `name=value` joined with `&`.
    static func query(_ items: [(name: String, value: String)]) -> String {
        items.map { (name: encode($0.name), value: encode($0.value)) }
            .sorted { lhs, rhs in
                lhs.name != rhs.name
                    ? lhs.name.utf8.lexicographicallyPrecedes(rhs.name.utf8)
                    : lhs.value.utf8.lexicographicallyPrecedes(rhs.value.utf8)
            }
            .map { "\($0.name)=\($0.value)" }
            .joined(separator: "&")
    }

    /// `name:value\n` per header (names lower-cased and sorted, values trimmed with inner runs of spaces made one,
    /// repeated names joined with `,` in order) and the signed header list `a;b;c`.
    static func headers(_ headers: [(name: String, value: String)]) -> (canonical: String, signed: String) {
        var values: [String: [String]] = [:]
        for (name, value) in headers { values[name.lowercased(), default: []].append(collapsed(value)) }
        let names = values.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let canonical = names.map { "\($0):\(values[$0, default: []].joined(separator: ","))\n" }.joined()
        return (canonical, names.joined(separator: ";"))
    }

    /// Trimmed, with every run of spaces made one; the lines of a folded (obsolete multi-line) value joined with
    /// `,`, as AWS's `get-header-value-multiline` case expects.
    static func collapsed(_ value: String) -> String {
        value.split(whereSeparator: \.isNewline).map { line in
            line.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
        }.filter { !$0.isEmpty }.joined(separator: ",")
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "A") + nibble - 10
    }
}
