/// Truncates client addresses before they are stored: IPv4 to its /24, IPv6 to its /48.
/// Anything that is not a literal address yields nil (never stored).
public enum IPAddressTruncation {
    public static func truncate(_ text: String) -> String? {
        if let network = plainIPv4Network(text) { return network }
        var address = text.trimmingASCIIWhitespace()
        // Dual-stack sockets report IPv4 clients as IPv4-mapped IPv6 (`::ffff:203.0.113.7`).
        if address.lowercased().hasPrefix("::ffff:"), ipv4Octets(String(address.dropFirst(7))) != nil {
            address = String(address.dropFirst(7))
        }
        if let octets = ipv4Octets(address) {
            return "\(octets[0]).\(octets[1]).\(octets[2]).0"
        }
        if let groups = ipv6Groups(address) {
            return groups.prefix(3).map { String($0, radix: 16) }.joined(separator: ":") + "::"
        }
        return nil
    }

    static func ipv4Octets(_ text: String) -> [Int]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        let octets = parts.compactMap { part -> Int? in
            guard (1...3).contains(part.count), part.allSatisfy(\.isASCIIDigit) else { return nil }
            return Int(part).flatMap { $0 <= 255 ? $0 : nil }
        }
        return octets.count == 4 ? octets : nil
    }

    static func ipv6Groups(_ text: String) -> [UInt16]? {
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2, text.contains(":") else { return nil }
        func groups(_ part: String) -> [UInt16]? {
            if part.isEmpty { return [] }
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            let values = pieces.compactMap { piece -> UInt16? in
                // Hex digits only: `UInt16(_:radix:)` alone also accepts a leading + or -.
                guard (1...4).contains(piece.count), piece.allSatisfy(\.isHexDigit) else { return nil }
                return UInt16(piece, radix: 16)
            }
            return values.count == pieces.count ? values : nil
        }
        guard let head = groups(halves[0]) else { return nil }
        if halves.count == 1 { return head.count == 8 ? head : nil }
        guard let tail = groups(halves[1]), head.count + tail.count < 8 else { return nil }
        return head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

extension String {
    func trimmingASCIIWhitespace() -> String {
        let set: Set<Character> = [" ", "\t"]
        var slice = Substring(self)
        while let first = slice.first, set.contains(first) { slice.removeFirst() }
        while let last = slice.last, set.contains(last) { slice.removeLast() }
        return String(slice)
    }
}

extension IPAddressTruncation {
    /// The common case without allocating: exactly `a.b.c.d` (1-3 digits each, at most 255, no leading zeros or
    /// spaces); its
    /// /24 is `a.b.c.0`. Nil for anything else, which the general path handles.
    static func plainIPv4Network(_ text: String) -> String? {
        var utf8 = text.utf8
        return utf8.withContiguousStorageIfAvailable { bytes -> String? in
            var octets = 0, digits = 0, value = 0, thirdDotEnd = 0
            for (index, byte) in bytes.enumerated() {
                if byte == UInt8(ascii: ".") {
                    guard digits > 0, octets < 3 else { return nil }
                    octets += 1
                    if octets == 3 { thirdDotEnd = index + 1 }
                    digits = 0
                    value = 0
                } else if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                    guard digits == 0 || value > 0 else { return nil }  // a leading zero: the general path drops it
                    digits += 1
                    value = value * 10 + Int(byte - UInt8(ascii: "0"))
                    guard digits <= 3, value <= 255 else { return nil }
                } else {
                    return nil
                }
            }
            guard octets == 3, digits > 0 else { return nil }
            return String(decoding: bytes[..<thirdDotEnd], as: UTF8.self) + "0"
        } ?? nil
    }
}
