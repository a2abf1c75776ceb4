/// Rate limiting knobs of the seed (§1 and Security Hardening).
public struct RateLimitSettings: Sendable, Equatable {
    /// `API_RATE_LIMIT_WINDOW`: seconds of the tier's main window (default 3600, one hour).
    public var windowSeconds: Int = 3600
    /// `API_RATE_LIMIT_MAX_REQUESTS`: requests per window of the pro tier (default 1000); other tiers keep
    /// the ratios of DESIGN.md §3.
    public var maxRequests: Int = 1000
    /// `RATE_LIMIT_BURST_ALLOWANCE`: requests allowed above the per-minute limit in a burst (default 20).
    public var burstAllowance: Int = 20
    /// `ENABLE_ADAPTIVE_RATE_LIMITING` (default true).
    public var adaptive: Bool = true
    /// `RATE_LIMIT_REDIS_URL`: accepted for compatibility and unused: limits are shared across instances
    /// through Postgres, so no Redis is needed (default unset).
    public var redisURL: String?

    public init() {}

    init(reading reader: inout EnvironmentReader) {
        windowSeconds = reader.integer("API_RATE_LIMIT_WINDOW", default: windowSeconds, in: 1...86_400 * 31)
        maxRequests = reader.integer(
            "API_RATE_LIMIT_MAX_REQUESTS", default: maxRequests, in: 1...100_000_000, note: "pro tier, per window")
        burstAllowance = reader.integer("RATE_LIMIT_BURST_ALLOWANCE", default: burstAllowance, in: 0...1_000_000)
        adaptive = reader.flag("ENABLE_ADAPTIVE_RATE_LIMITING", default: adaptive)
        redisURL = reader.url(
            "RATE_LIMIT_REDIS_URL", schemes: ["redis", "rediss"],
            note: "accepted, unused: limits are shared across instances through Postgres")
    }
}
