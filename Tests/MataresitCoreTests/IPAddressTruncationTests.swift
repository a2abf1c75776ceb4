import MataresitCore
import Testing

@Suite("IPAddressTruncation")
struct IPAddressTruncationTests {
    static let valid: [(String, String)] = [
        ("203.0.113.77", "203.0.113.0"),
        ("192.168.1.255", "192.168.1.0"),
        ("0.0.0.0", "0.0.0.0"),
        ("010.001.002.003", "10.1.2.0"),
        ("1.20.100.0", "1.20.100.0"),
        ("255.255.255.255", "255.255.255.0"),
        (" 10.1.2.3\t", "10.1.2.0"),
        ("2001:db8:abcd:12::1", "2001:db8:abcd::"),
        ("2001:0DB8:ABCD:0012:0000:0000:0000:0001", "2001:db8:abcd::"),
        ("2001:db8:abcd:ffff:ffff:ffff:ffff:ffff", "2001:db8:abcd::"),
        ("2a00:1450:4001:80b::200e", "2a00:1450:4001::")
    ]

    @Test("IPv4 is cut to its /24, IPv6 to its /48", arguments: valid)
    func truncates(address: String, expected: String) {
        #expect(IPAddressTruncation.truncate(address) == expected)
    }

    @Test("truncating twice changes nothing", arguments: valid.map(\.0) + ["::1", "::", "fe80::1"])
    func idempotent(address: String) throws {
        let once = try #require(IPAddressTruncation.truncate(address))
        #expect(IPAddressTruncation.truncate(once) == once)
    }

    @Test(
        "anything that is not an address literal is refused",
        arguments: [
            "", " ", "abc", "999.1.1.1", "256.0.0.1", "1.2.3", "1.2.3.4.5", "1.2.3.", ".1.2.3", "1..2.3",
            "0001.2.3.4", "-1.2.3.4", "+1.2.3.4", "1.2.3.4/24", "1.2.3.4:443", "١.٢.٣.٤",
            "::1::2", ":", ":::", "2001:db8:::1", "12345::", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7::8",
            "g::1", "fe80::1%eth0", "[2001:db8::1]", "+1::", "2001:-0::1", "\u{FF41}::1", "localhost"
        ])
    func refuses(text: String) {
        #expect(IPAddressTruncation.truncate(text) == nil)
    }
}

@Suite("IPv4-mapped IPv6 addresses")
struct IPv4MappedTruncationTests {
    @Test("a dual-stack socket's IPv4 client is truncated as IPv4")
    func mapped() {
        #expect(IPAddressTruncation.truncate("::ffff:203.0.113.7") == "203.0.113.0")
        #expect(IPAddressTruncation.truncate("::FFFF:198.51.100.200") == "198.51.100.0")
        #expect(IPAddressTruncation.truncate("::ffff:999.1.1.1") == nil)
    }
}
