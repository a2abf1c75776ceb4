import Foundation
import MataresitRuntime
import MataresitCore

/// The request mix of `mataresit bench pipeline`, documented in `summary` (printed by `--help` and in the README).
/// Pure and seeded: the same seed and key count give the same requests.
public struct BenchTraffic: Sendable {
    /// One API key of the bench tenant; two keys share a user, every third user is in a team.
    public struct Key: Sendable {
        public let id: UUID
        public let userID: UUID
        public let teamID: UUID?
        public let tier: Tier
    }

    public static let summary = """
        Traffic mix (seeded, reproducible with --seed):
          keys      Zipf(1.0) over --keys API keys (rank 1 gets ~1/H(K) of the traffic); two keys per user,
                    every third user in a team; tiers free/pro/max as 2:5:3; 3% of requests carry no key
          routes    GET /receipts 30%, GET /receipts/{id} 18%, GET /health 10%, POST /receipts 8%,
                    POST /search 8%, GET /claims 6%, GET /analytics/summary 5%, GET /me 5%,
                    GET /access-logs 4%, PUT /receipts/{id} 3%, DELETE /receipts/{id} 1%, unmatched path 2%
          statuses  no key: 401; unmatched path: 404; otherwise 429 4%, 400 3%, 404 2% ({id} routes), 500 0.5%,
                    else 200 (201 for POST /receipts, 204 for DELETE)
          latency   log-normal, median 8 ms, sigma 1.0 (p99 about 80 ms); 401/429 answered in 0.2-1 ms
          sizes     GET bodies 0 B, POST/PUT 200-4,000 B; responses 100-20,000 B
          personal  client IP (IPv4, one per user) and one of 4 user agents, sealed with AES-GCM under the
                    user's data key (anonymous traffic: the day's anonymous subject)
        """

    struct Route: Sendable {
        let method: String
        let template: String?
        let hasID: Bool
    }

    static let routes = WeightedChoice<Route>([
        (Route(method: "GET", template: "/api/v1/receipts", hasID: false), 30),
        (Route(method: "GET", template: "/api/v1/receipts/{id}", hasID: true), 18),
        (Route(method: "GET", template: "/api/v1/health", hasID: false), 10),
        (Route(method: "POST", template: "/api/v1/receipts", hasID: false), 8),
        (Route(method: "POST", template: "/api/v1/search", hasID: false), 8),
        (Route(method: "GET", template: "/api/v1/claims", hasID: false), 6),
        (Route(method: "GET", template: "/api/v1/analytics/summary", hasID: false), 5),
        (Route(method: "GET", template: "/api/v1/me", hasID: false), 5),
        (Route(method: "GET", template: "/api/v1/access-logs", hasID: false), 4),
        (Route(method: "PUT", template: "/api/v1/receipts/{id}", hasID: true), 3),
        (Route(method: "DELETE", template: "/api/v1/receipts/{id}", hasID: true), 1),
        (Route(method: "GET", template: nil, hasID: false), 2)
    ])

    static let userAgents = [
        "mataresit-python/1.4.2", "mataresit-js/2.1.0 node/20.11", "curl/8.5.0",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/121.0 Safari/537.36"
    ]

    public let keys: [Key]
    private let keyRanks: ZipfSampler

    /// `keyCount` keys, with ids derived from the seed (so reruns hit the same keys).
    public init(keyCount: Int, seed: UInt64) {
        var random = BenchRandom(seed: seed ^ 0x6B65_7973)
        let tiers = WeightedChoice<Tier>([(.free, 2), (.pro, 5), (.max, 3)])
        var keys: [Key] = []
        var user: (id: UUID, team: UUID?, tier: Tier) = (UUID(), nil, .pro)
        for index in 0..<max(1, keyCount) {
            if index % 2 == 0 {
                let team = index / 2 % 3 == 0 ? Self.uuid(&random) : nil
                user = (Self.uuid(&random), team, tiers.pick(using: &random))
            }
            keys.append(Key(id: Self.uuid(&random), userID: user.id, teamID: user.team, tier: user.tier))
        }
        self.keys = keys
        keyRanks = ZipfSampler(count: keys.count)
    }

    /// Distinct users of the keys.
    public var userIDs: [UUID] { Array(Set(keys.map(\.userID))).sorted { $0.uuidString < $1.uuidString } }

    /// One request with its personal fields in the clear (the caller seals them): (request, ip, user agent).
    public func request(using random: inout BenchRandom) -> (event: ApiRequestEvent, ip: String, agent: String) {
        let route = Self.routes.pick(using: &random)
        let key: Key? = random.unit() < 0.03 ? nil : keys[keyRanks.sample(using: &random)]
        let status = Self.status(route: route, hasKey: key != nil, using: &random)
        let fast = status == 401 || status == 429
        let millis = fast ? 0.2 + random.unit() * 0.8 : random.logNormal(median: 8, sigma: 1.0)
        let writes = route.method == "POST" || route.method == "PUT"
        let path: String
        if let template = route.template {
            path =
                route.hasID ? template.replacingOccurrences(of: "{id}", with: Self.uuid(&random).lowercased) : template
        } else {
            path = "/api/v1/no-such-thing/\(random.next() % 1000)"
        }
        let event = ApiRequestEvent(
            requestID: Self.uuid(&random), apiKeyID: key?.id, apiKeyPrefix: key.map { _ in "mk_test_bnch" },
            userID: key?.userID, teamID: key?.teamID, tier: key?.tier.rawValue, method: route.method,
            route: route.template, path: path, status: status, errorCode: Self.errorCode(status),
            durationMicros: UInt64(millis * 1000), requestBytes: writes ? 200 + random.next() % 3800 : 0,
            responseBytes: 100 + random.next() % 19_900,
            rateLimit: key == nil ? .notChecked : (status == 429 ? .limited : .allowed))
        let userNumber =
            key.map { UInt64($0.userID.uuid.13) << 16 | UInt64($0.userID.uuid.14) << 8 | UInt64($0.userID.uuid.15) }
            ?? random.next()
        let ip = "10.\(userNumber % 256).\(userNumber / 256 % 256).\(userNumber / 65_536 % 254 + 1)"
        return (event, ip, Self.userAgents[Int(random.next() % UInt64(Self.userAgents.count))])
    }

    static func status(route: Route, hasKey: Bool, using random: inout BenchRandom) -> Int {
        guard hasKey else { return 401 }
        guard route.template != nil else { return 404 }
        let roll = random.unit()
        switch roll {
        case ..<0.04: return 429
        case ..<0.07: return 400
        case ..<0.09 where route.hasID: return 404
        case ..<0.095: return 500
        default:
            return route.method == "POST" && route.template == "/api/v1/receipts"
                ? 201
                : route.method == "DELETE" ? 204 : 200
        }
    }

    static func errorCode(_ status: Int) -> String? {
        switch status {
        case 401: return "INVALID_API_KEY"
        case 429: return "RATE_LIMIT_EXCEEDED"
        case 400: return "VALIDATION_ERROR"
        case 404: return "RESOURCE_NOT_FOUND"
        case 500: return "INTERNAL_SERVER_ERROR"
        default: return nil
        }
    }

    static func uuid(_ random: inout BenchRandom) -> UUID {
        let high = random.next(), low = random.next()
        var bytes =
            (0..<8).map { UInt8(truncatingIfNeeded: high >> ($0 * 8)) }
            + (0..<8).map { UInt8(truncatingIfNeeded: low >> ($0 * 8)) }
        bytes[6] = bytes[6] & 0x0F | 0x40  // version 4
        bytes[8] = bytes[8] & 0x3F | 0x80  // RFC 4122 variant
        return UUID(
            uuid: (
                bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
            ))
    }
}
