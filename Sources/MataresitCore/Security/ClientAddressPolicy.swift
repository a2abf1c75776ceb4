/// Who the client of a request is, for every purpose (access log, IP allow-list, failed-auth lockout, security
/// events): the socket peer, unless the peer is a trusted proxy (`TRUSTED_PROXIES`, empty by default).
///
/// Behind trusted proxies, `X-Forwarded-For` is read right to left: each proxy appends the address it received
/// the request from, so the entries a client wrote itself are on the left. The client is the first entry, from
/// the right, that is not a trusted proxy. Without that header, a trusted peer's `X-Real-IP`, then
/// `CF-Connecting-IP`, names the client. Anything that is not an address ends the walk at the last trusted hop.
public struct ClientAddressPolicy: Sendable, Equatable {
    public let trustedProxies: [IPRange]

    public init(trustedProxies: [IPRange] = []) {
        self.trustedProxies = trustedProxies
    }

    /// The forwarding headers of one request, as received.
    public struct Forwarded: Sendable {
        public var forwardedFor: String?
        public var realIP: String?
        public var cloudflareIP: String?

        public init(forwardedFor: String? = nil, realIP: String? = nil, cloudflareIP: String? = nil) {
            self.forwardedFor = forwardedFor
            self.realIP = realIP
            self.cloudflareIP = cloudflareIP
        }
    }

    /// The client's address; nil without a socket peer (a request that did not come over the network).
    public func client(peer: String?, forwarded: Forwarded) -> String? {
        guard let peer else { return nil }
        guard isTrusted(peer) else { return peer }
        if let chain = forwarded.forwardedFor {
            return walk(chain.split(separator: ",").map { String($0).trimmingASCIIWhitespace() }, from: peer)
        }
        guard let named = (forwarded.realIP ?? forwarded.cloudflareIP)?.trimmingASCIIWhitespace() else { return peer }
        return IPRange.isAddress(named) ? named : peer
    }

    /// Right to left from `peer` (trusted): the first hop that is not a trusted proxy.
    private func walk(_ hops: [String], from peer: String) -> String {
        var nearest = peer
        for hop in hops.reversed() {
            guard IPRange.isAddress(hop) else { return nearest }
            guard isTrusted(hop) else { return hop }
            nearest = hop
        }
        return nearest
    }

    private func isTrusted(_ address: String) -> Bool {
        trustedProxies.contains { $0.contains(address) }
    }
}
