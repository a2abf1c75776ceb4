/// Truncates client addresses before they are stored: IPv4 to its /24, IPv6 to its /48.
/// Anything that is not a literal address yields nil (never stored).
public enum IPAddressTruncation {
    public static func truncate(_ text: String) -> String? {
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
