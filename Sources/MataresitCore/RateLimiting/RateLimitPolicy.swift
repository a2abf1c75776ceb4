/// The windows a tier is limited by: per minute (including the burst allowance), per hour, per day.
///
/// Each window is a generic cell rate algorithm (GCRA, a token bucket kept as one timestamp): a window of length T,
/// limit L and burst B admits B requests at once and then one every T / (L − B), so that no interval of length T
/// ever admits more than L. There are no calendar boundaries to burst across.
public struct RateLimitPolicy: Sendable, Equatable {
    public struct Window: Sendable, Equatable {
        public var name: String
        /// Length of the window: no interval this long admits more than `limit`.
        public var seconds: Int64
        public var limit: Int
        /// Requests admitted at once by an idle subject (at least 1, at most `limit − 1` when the limit allows).
        public var burst: Int

        /// `burst` defaults to a quarter of the limit.
        public init(name: String, seconds: Int64, limit: Int, burst: Int? = nil) {
            self.name = name
            self.seconds = seconds
            self.limit = limit
            self.burst = burst ?? max(1, limit / 4)
        }

        /// The burst actually applied: 1 ≤ burst < limit (a limit of 1 has a burst of 1).
        public var effectiveBurst: Int { min(max(1, burst), max(1, limit - 1)) }

        /// Nanoseconds between two requests at the sustained rate: the window's length over what the burst leaves.
        public var emissionIntervalNanoseconds: Int64 {
            let sustained = Int64(max(1, limit - effectiveBurst))
            return max(1, seconds * 1_000_000_000 / sustained)
        }

        /// How far ahead of now the theoretical arrival time may run and still admit: `burst − 1` intervals, at most
        /// ten years (so that no arithmetic on it overflows, here or in Postgres).
        public var toleranceNanoseconds: Int64 {
            let (tolerance, overflow) = Int64(effectiveBurst - 1).multipliedReportingOverflow(
                by: emissionIntervalNanoseconds)
            return overflow ? Self.maximumTolerance : min(tolerance, Self.maximumTolerance)
        }

        static let maximumTolerance: Int64 = 10 * 366 * 86_400 * 1_000_000_000
    }

    public var windows: [Tier: [Window]]

    public init(windows: [Tier: [Window]]) {
        self.windows = windows
    }

    /// Defaults: free 15 / 100 / 1,000; pro 80 / 1,000 / 10,000; max 400 / 5,000 / 50,000. The minute's burst is the
    /// tier's burst allowance (5 / 20 / 100, on top of 10 / 60 / 300 a minute); an hour's burst is a minute's limit,
    /// a day's an hour's.
    public static let defaults = RateLimitPolicy(windows: [
        .free: tiered(minute: 15, burst: 5, hour: 100, day: 1_000),
        .pro: tiered(minute: 80, burst: 20, hour: 1_000, day: 10_000),
        .max: tiered(minute: 400, burst: 100, hour: 5_000, day: 50_000)
    ])

    static func tiered(minute: Int, burst: Int, hour: Int, day: Int, hourSeconds: Int64 = 3600) -> [Window] {
        [
            .init(name: "minute", seconds: 60, limit: minute, burst: burst),
            .init(name: "hour", seconds: hourSeconds, limit: hour, burst: minute),
            .init(name: "day", seconds: 86_400, limit: day, burst: hour)
        ]
    }

    /// Applies the seed's variables: `API_RATE_LIMIT_WINDOW` (seconds of the middle window, default 3600) and
    /// `API_RATE_LIMIT_MAX_REQUESTS` (its limit for the pro tier), `RATE_LIMIT_BURST_ALLOWANCE` (the pro
    /// minute's burst on top of 60 requests).
    public func overridden(windowSeconds: Int64?, proMaxRequests: Int?, proBurst: Int?) -> RateLimitPolicy {
        var policy = self
        for tier in Tier.allCases {
            guard let current = policy.windows[tier], current.count == 3 else { continue }
            var minute = current[0].limit, burst = current[0].burst, hour = current[1].limit
            if tier == .pro, let proMaxRequests { hour = proMaxRequests }
            if tier == .pro, let proBurst { minute = 60 + proBurst; burst = proBurst }
            policy.windows[tier] = Self.tiered(
                minute: minute, burst: burst, hour: hour, day: current[2].limit,
                hourSeconds: windowSeconds ?? current[1].seconds)
        }
        return policy
    }

    public func windows(for tier: Tier) -> [Window] { windows[tier] ?? windows[.free] ?? [] }
}
