import MataresitCore
import Testing

/// One answer to "who is the client" for the access log, the allow-list, the lockout and security events.
@Suite("ClientAddressPolicy")
struct ClientAddressPolicyTests {
    typealias Forwarded = ClientAddressPolicy.Forwarded
    static let proxies = ClientAddressPolicy(trustedProxies: ["127.0.0.1", "10.0.0.0/8"].compactMap(IPRange.init))

    @Test("without TRUSTED_PROXIES every forwarding header is ignored: the socket peer is the client")
    func defaultIgnoresHeaders() {
        let policy = ClientAddressPolicy()
        let forged = Forwarded(forwardedFor: "198.51.100.9", realIP: "198.51.100.9", cloudflareIP: "198.51.100.9")
        #expect(policy.client(peer: "127.0.0.1", forwarded: forged) == "127.0.0.1")
        #expect(
            policy.client(peer: "10.1.2.3", forwarded: forged) == "10.1.2.3", "private peers are not trusted either")
        #expect(policy.client(peer: nil, forwarded: forged) == nil)
    }

    @Test("a peer that is not a trusted proxy is the client, whatever it sends")
    func untrustedPeer() {
        #expect(
            Self.proxies.client(peer: "203.0.113.7", forwarded: Forwarded(forwardedFor: "10.0.0.1")) == "203.0.113.7")
    }

    @Test(
        "X-Forwarded-For is read right to left, skipping trusted hops",
        arguments: [
            // What a client wrote itself is on the left; the trusted proxy appended the address it saw.
            ("198.51.100.9, 203.0.113.7", "203.0.113.7"),
            ("198.51.100.9, 203.0.113.7, 10.0.0.2", "203.0.113.7"),
            ("203.0.113.77, 10.0.0.1", "203.0.113.77"),
            ("10.0.0.3, 10.0.0.2", "10.0.0.3"),  // every hop trusted: the leftmost
            ("not-an-address, 203.0.113.7", "203.0.113.7"),
            ("203.0.113.7, garbage", "127.0.0.1"),  // the walk stops at the last trusted hop
            ("2001:db8::1", "2001:db8::1")
        ])
    func forwardedChain(header: String, expected: String) {
        #expect(Self.proxies.client(peer: "127.0.0.1", forwarded: Forwarded(forwardedFor: header)) == expected)
    }

    @Test("without X-Forwarded-For a trusted peer's X-Real-IP, then CF-Connecting-IP, names the client")
    func singleValueHeaders() {
        #expect(Self.proxies.client(peer: "127.0.0.1", forwarded: Forwarded(realIP: "203.0.113.5")) == "203.0.113.5")
        #expect(
            Self.proxies.client(peer: "127.0.0.1", forwarded: Forwarded(cloudflareIP: "203.0.113.6")) == "203.0.113.6")
        #expect(Self.proxies.client(peer: "127.0.0.1", forwarded: Forwarded(realIP: "<script>")) == "127.0.0.1")
        #expect(Self.proxies.client(peer: "127.0.0.1", forwarded: Forwarded()) == "127.0.0.1")
    }
}
