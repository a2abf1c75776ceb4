/// The windows a tier is limited by: per minute (including the burst allowance), per hour, per day.
/// Windows are fixed and calendar aligned (UTC), as in the existing service.
public struct RateLimitPolicy: Sendable, Equatable {
    public struct Window: Sendable, Equatable {
        public var name: String
        /// Window length; windows start at multiples of it since the Unix epoch.
        public var seconds: Int64
        public var limit: Int

        public init(name: String, seconds: Int64, limit: Int) {
            self.name = name
            self.seconds = seconds
            self.limit = limit
        }
    }

    public var windows: [Tier: [Window]]

    public init(windows: [Tier: [Window]]) {
        self.windows = windows
    }

    /// Defaults: free 15 / 100 / 1,000; pro 80 / 1,000 / 10,000; max 400 / 5,000 / 50,000.
    public static let defaults = RateLimitPolicy(windows: [
        .free: [.init(name: "minute", seconds: 60, limit: 15), .init(name: "hour", seconds: 3600, limit: 100),
                .init(name: "day", seconds: 86_400, limit: 1_000)],
        .pro: [.init(name: "minute", seconds: 60, limit: 80), .init(name: "hour", seconds: 3600, limit: 1_000),
               .init(name: "day", seconds: 86_400, limit: 10_000)],
        .max: [.init(name: "minute", seconds: 60, limit: 400), .init(name: "hour", seconds: 3600, limit: 5_000),
               .init(name: "day", seconds: 86_400, limit: 50_000)],
    ])

    /// Applies the seed's variables: `API_RATE_LIMIT_WINDOW` (seconds of the middle window, default 3600) and
    /// `API_RATE_LIMIT_MAX_REQUESTS` (its limit for the pro tier), `RATE_LIMIT_BURST_ALLOWANCE` (the pro
    /// minute's burst on top of 60 requests).
    public func overridden(windowSeconds: Int64?, proMaxRequests: Int?, proBurst: Int?) -> RateLimitPolicy {
        var policy = self
        for tier in Tier.allCases {
            guard var tiers = policy.windows[tier], tiers.count == 3 else { continue }
            if let windowSeconds { tiers[1].seconds = windowSeconds }
            if tier == .pro, let proMaxRequests { tiers[1].limit = proMaxRequests }
            if tier == .pro, let proBurst { tiers[0].limit = 60 + proBurst }
            policy.windows[tier] = tiers
        }
        return policy
    }

    public func windows(for tier: Tier) -> [Window] { windows[tier] ?? windows[.free] ?? [] }
}
