/// An address or CIDR block (`203.0.113.7`, `10.0.0.0/8`, `2001:db8::/32`) that an API key may be used from.
/// IPv4-mapped IPv6 clients (`::ffff:10.1.2.3`) match IPv4 ranges. Host bits below the prefix are cleared,
/// so `10.1.2.3/8` means `10.0.0.0/8`.
public struct IPRange: Sendable, Hashable, CustomStringConvertible {
    /// 4 bytes for IPv4, 16 for IPv6, with the host bits cleared.
    let network: [UInt8]
    let prefixLength: Int

    /// Parses `address` or `address/prefix`; nil when it is neither.
    public init?(_ text: String) {
        let parts = text.trimmingASCIIWhitespace().split(separator: "/", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let bytes = Self.bytes(String(parts[0])) else { return nil }
        let bits = bytes.count * 8
        var length = bits
        if parts.count == 2 {
            guard (1...3).contains(parts[1].count), parts[1].allSatisfy(\.isASCIIDigit), let value = Int(parts[1]),
                value <= bits
            else { return nil }
            length = value
        }
        network = Self.masked(bytes, prefixLength: length)
        prefixLength = length
    }

    /// Whether the client address `text` lies in this range (false for anything that is not an address).
    public func contains(_ text: String) -> Bool {
        guard var bytes = Self.bytes(text.trimmingASCIIWhitespace()) else { return false }
        if bytes.count == 16, network.count == 4, bytes.prefix(12) == Self.mappedPrefix[...] {
            bytes = Array(bytes.suffix(4))
        }
        return bytes.count == network.count && Self.masked(bytes, prefixLength: prefixLength) == network
    }

    /// `10.0.0.0/8`, `2001:db8:0:0:0:0:0:0/32`.
    public var description: String {
        if network.count == 4 { return network.map(String.init).joined(separator: ".") + "/\(prefixLength)" }
        let groups = stride(from: 0, to: 16, by: 2).map {
            String(UInt16(network[$0]) << 8 | UInt16(network[$0 + 1]), radix: 16)
        }
        return groups.joined(separator: ":") + "/\(prefixLength)"
    }

    /// Whether `text` is one IPv4 or IPv6 address (no prefix length).
    public static func isAddress(_ text: String) -> Bool { bytes(text) != nil }

    static let mappedPrefix: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff]

    static func bytes(_ text: String) -> [UInt8]? {
        if let octets = IPAddressTruncation.ipv4Octets(text) { return octets.map(UInt8.init) }
        if let groups = IPAddressTruncation.ipv6Groups(text) {
            return groups.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xff)] }
        }
        // `::ffff:a.b.c.d`
        let lower = text.lowercased()
        if lower.hasPrefix("::ffff:"), let octets = IPAddressTruncation.ipv4Octets(String(lower.dropFirst(7))) {
            return mappedPrefix + octets.map(UInt8.init)
        }
        return nil
    }

    static func masked(_ bytes: [UInt8], prefixLength: Int) -> [UInt8] {
        bytes.enumerated().map { index, byte in
            let keep = min(8, max(0, prefixLength - index * 8))
            return keep == 8 ? byte : byte & ~(UInt8(0xff) >> keep)
        }
    }
}
