import MataresitCore
import Testing

@Suite("IPRange")
struct IPRangeTests {
    @Test func singleAddressesMatchOnlyThemselves() throws {
        let range = try #require(IPRange("203.0.113.7"))
        #expect(range.contains("203.0.113.7"))
        #expect(!range.contains("203.0.113.8"))
        #expect(range.description == "203.0.113.7/32")
    }

    @Test func ipv4BlocksClearHostBits() throws {
        let range = try #require(IPRange("10.1.2.3/8"))
        #expect(range.description == "10.0.0.0/8")
        #expect(range.contains("10.255.0.1"))
        #expect(!range.contains("11.0.0.1"))
        #expect(try #require(IPRange("192.168.1.0/23")).contains("192.168.0.200"))
        #expect(!(try #require(IPRange("192.168.1.0/24"))).contains("192.168.0.200"))
        #expect(try #require(IPRange("0.0.0.0/0")).contains("8.8.8.8"))
    }

    @Test func ipv6BlocksAndMappedClients() throws {
        let range = try #require(IPRange("2001:db8::/32"))
        #expect(range.contains("2001:db8:1::5"))
        #expect(!range.contains("2001:db9::1"))
        #expect(!range.contains("10.0.0.1"))
        #expect(try #require(IPRange("10.0.0.0/8")).contains("::ffff:10.9.8.7"))
        #expect(try #require(IPRange("::1")).contains("::1"))
    }

    @Test func rejectsWhatIsNotARange() {
        for text in [
            "", "10.0.0", "10.0.0.256", "10.0.0.1/33", "10.0.0.1/", "10.0.0.1/-1", "2001:db8::/129", "host",
            "10.0.0.1/8/8", "1.2.3.4 OR 1=1"
        ] {
            #expect(IPRange(text) == nil, "\(text)")
        }
        #expect(!(IPRange("10.0.0.0/8")?.contains("not an address") ?? true))
    }
}
