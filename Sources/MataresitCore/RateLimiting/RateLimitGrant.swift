/// What the shared store answered to a request for `want` admissions of one subject: how many it granted, and where
/// each window (in the policy's order) stands after the grant.
public struct RateLimitGrant: Sendable, Equatable {
    public struct WindowState: Sendable, Equatable {
        /// Admissions the window would still grant now.
        public var remaining: Int
        /// Nanoseconds until the window grants its next admission (0 when `remaining > 0`).
        public var retryAfterNanoseconds: Int64
        /// Nanoseconds until the window is idle again (its whole burst available).
        public var resetAfterNanoseconds: Int64

        public init(remaining: Int, retryAfterNanoseconds: Int64, resetAfterNanoseconds: Int64) {
            self.remaining = remaining
            self.retryAfterNanoseconds = retryAfterNanoseconds
            self.resetAfterNanoseconds = resetAfterNanoseconds
        }
    }

    public var granted: Int
    public var windows: [WindowState]

    public init(granted: Int, windows: [WindowState]) {
        self.granted = granted
        self.windows = windows
    }
}

/// The GCRA step of the shared store, in Swift: the reference the Postgres function `take_rate_limit_slots` is
/// tested against, and the store of the ledger's unit tests. `arrivals` holds each window's theoretical arrival time
/// (nanoseconds; absent means idle).
public struct RateLimitCells: Sendable {
    public private(set) var arrivals: [String: Int64] = [:]

    public init() {}

    /// Grants up to `want` admissions of `subject` at `now` (nanoseconds): as many as every window conforms to.
    public mutating func take(
        subject: String, windows: [RateLimitPolicy.Window], want: Int, now: Int64
    ) -> RateLimitGrant {
        let arrivalsNow = windows.map { max(arrivals["\(subject)|\($0.name)"] ?? now, now) }
        let available = zip(windows, arrivalsNow).map { window, arrival in
            Self.available(arrival: arrival, now: now, window: window)
        }
        let granted = max(0, min(want, available.min() ?? want))
        var states: [RateLimitGrant.WindowState] = []
        for (index, window) in windows.enumerated() {
            let arrival = arrivalsNow[index] + Int64(granted) * window.emissionIntervalNanoseconds
            if granted > 0 { arrivals["\(subject)|\(window.name)"] = arrival }
            states.append(
                .init(
                    remaining: available[index] - granted,
                    retryAfterNanoseconds: max(0, arrival - window.toleranceNanoseconds - now),
                    resetAfterNanoseconds: arrival - now))
        }
        return RateLimitGrant(granted: granted, windows: states)
    }

    /// Admissions a window grants at `now` with its theoretical arrival time at `arrival` (≥ now).
    static func available(arrival: Int64, now: Int64, window: RateLimitPolicy.Window) -> Int {
        let slack = now + window.toleranceNanoseconds - arrival
        return slack < 0 ? 0 : Int(slack / window.emissionIntervalNanoseconds) + 1
    }
}
