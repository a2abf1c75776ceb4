import MataresitCore

/// CORS and key-hardening knobs of the seed (§1 Security Configuration and Security Hardening).
public struct SecuritySettings: Sendable, Equatable {
    /// `CORS_ALLOWED_ORIGINS` (default `https://mataresit.com,https://app.mataresit.com`; `*` allows any).
    public var corsAllowedOrigins = ["https://mataresit.com", "https://app.mataresit.com"]
    /// `CORS_ALLOWED_METHODS` (default `GET,POST,PUT,DELETE,OPTIONS`).
    public var corsAllowedMethods = ["GET", "POST", "PUT", "DELETE", "OPTIONS"]
    /// `CORS_ALLOWED_HEADERS` (default `X-API-Key,Content-Type,Authorization`).
    public var corsAllowedHeaders = ["X-API-Key", "Content-Type", "Authorization"]
    /// `ENABLE_API_KEY_ROTATION` (default true): the worker's key-expiry job deactivates expired keys.
    public var keyRotation = true
    /// `API_KEY_MAX_AGE_DAYS` (default 90): the longest expiry a new key may have.
    public var keyMaxAgeDays = 90
    /// `API_KEY_MAX_ACTIVE` (default 50): the most keys one user may hold that still authenticate.
    public var keyMaxActive = 50
    /// `ENABLE_REQUEST_SIGNING` (default false; reserved by the seed "for future enhancement").
    public var requestSigning = false
    /// `ENABLE_IP_WHITELIST` (default false; enterprise customers).
    public var ipAllowList = false
    /// `TRUSTED_PROXIES` (default empty: the socket peer is the client): addresses or CIDR blocks of the proxies
    /// whose forwarding headers name the client.
    public var trustedProxies: [String] = []

    public init() {}

    init(reading reader: inout EnvironmentReader) {
        corsAllowedOrigins = reader.list("CORS_ALLOWED_ORIGINS", default: corsAllowedOrigins, check: Self.originProblem)
        corsAllowedMethods = reader.list("CORS_ALLOWED_METHODS", default: corsAllowedMethods) { method in
            Self.isToken(method) ? nil : "is not an HTTP method"
        }.map { $0.uppercased() }
        corsAllowedHeaders = reader.list("CORS_ALLOWED_HEADERS", default: corsAllowedHeaders) { header in
            Self.isToken(header) ? nil : "is not a header name"
        }
        keyRotation = reader.flag("ENABLE_API_KEY_ROTATION", default: keyRotation)
        keyMaxAgeDays = reader.integer("API_KEY_MAX_AGE_DAYS", default: keyMaxAgeDays, in: 1...3650)
        keyMaxActive = reader.integer("API_KEY_MAX_ACTIVE", default: keyMaxActive, in: 1...10_000)
        requestSigning = reader.flag(
            "ENABLE_REQUEST_SIGNING", default: requestSigning, note: "reserved by the seed; true is not supported yet")
        if requestSigning {
            reader.reject("ENABLE_REQUEST_SIGNING", "true is not supported yet (the seed reserves it)")
        }
        ipAllowList = reader.flag("ENABLE_IP_WHITELIST", default: ipAllowList)
        trustedProxies = reader.list(
            "TRUSTED_PROXIES", default: trustedProxies, note: "empty: the socket peer is the client"
        ) { IPRange($0) == nil ? "is not an address or CIDR block" : nil }
    }

    /// Who the client of a request is (``TRUSTED_PROXIES``).
    public var clientAddressPolicy: ClientAddressPolicy {
        ClientAddressPolicy(trustedProxies: trustedProxies.compactMap(IPRange.init))
    }

    /// `*`, or `http(s)://host[:port]` without a path.
    static func originProblem(_ origin: String) -> String? {
        if origin == "*" { return nil }
        for scheme in ["https://", "http://"] where origin.lowercased().hasPrefix(scheme) {
            let rest = origin.dropFirst(scheme.count)
            let valid = !rest.isEmpty && !rest.contains("/") && !rest.contains(" ") && !rest.contains("@")
            return valid ? nil : "is not an origin (scheme://host[:port], no path)"
        }
        return "is not an origin (must start with https:// or http://, or be *)"
    }

    /// An RFC 9110 token (method and header names).
    static func isToken(_ text: String) -> Bool {
        let extra = Set("!#$%&'*+-.^_`|~")
        return !text.isEmpty && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || extra.contains($0)) }
    }
}
