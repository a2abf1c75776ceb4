/// This instance's share of every key's rate-limit windows: tokens leased from the shared store
/// (Postgres) and not yet spent. A pure state machine: it never does I/O; it tells the caller to lease
/// when a window runs dry, and the caller reports the lease back. Instances together can never admit more
/// than a window's limit, because every admitted request spends a token that was leased exactly once.
public struct RateLimitLedger: Sendable {
    /// One key's position in one window.
    struct Slot: Sendable {
        var windowStart: Int64
        var local = 0
        var grantedTotal = 0
    }

    /// A window that needs tokens before the request can be decided.
    public struct LeaseRequest: Sendable, Equatable {
        public let keyID: String
        public let window: RateLimitPolicy.Window
        public let windowStart: Int64
        public let want: Int
    }

    public enum Action: Sendable, Equatable {
        case allow(RateLimitStatus)
        case deny(RateLimitStatus)
        case lease([LeaseRequest])
    }

    private var slots: [String: Slot] = [:]

    public init() {}

    /// Decides one request of `keyID` at `now` (Unix seconds): spends one token of every window, or asks
    /// for leases, or denies when some window's limit is granted out.
    public mutating func take(keyID: String, windows: [RateLimitPolicy.Window], now: Int64) -> Action {
        var leases: [LeaseRequest] = []
        var exhausted: RateLimitStatus?
        for window in windows {
            let slot = current(keyID, window, now)
            if slot.local > 0 { continue }
            if slot.grantedTotal >= window.limit {
                exhausted = exhausted ?? status(window, slot, now, remaining: 0)
            } else {
                leases.append(LeaseRequest(keyID: keyID, window: window, windowStart: slot.windowStart,
                    want: Self.leaseSize(limit: window.limit, granted: slot.grantedTotal)))
            }
        }
        if let exhausted { return .deny(exhausted) }
        if !leases.isEmpty { return .lease(leases) }
        var tightest: RateLimitStatus?
        for window in windows {
            let id = Self.slotID(keyID, window)
            slots[id]!.local -= 1
            let slot = slots[id]!
            let candidate = status(window, slot, now, remaining: window.limit - slot.grantedTotal + slot.local)
            if tightest == nil || candidate.remaining < tightest!.remaining { tightest = candidate }
        }
        return .allow(tightest!)
    }

    /// Records tokens leased for a window (ignored if the window has rolled over meanwhile).
    public mutating func record(_ lease: LeaseRequest, grantedNow: Int, grantedTotal: Int) {
        let id = Self.slotID(lease.keyID, lease.window)
        guard var slot = slots[id], slot.windowStart == lease.windowStart else { return }
        slot.local += grantedNow
        slot.grantedTotal = max(slot.grantedTotal, grantedTotal)
        slots[id] = slot
    }

    /// Forgets windows that ended before `now` (bounded memory).
    public mutating func prune(now: Int64) {
        slots = slots.filter { _, slot in slot.windowStart + 86_400 * 2 > now }
    }

    public var trackedSlots: Int { slots.count }

    /// Leases are a twentieth of the limit, at most a quarter of what is left (fewer stranded tokens near
    /// the limit), at least one.
    public static func leaseSize(limit: Int, granted: Int) -> Int {
        max(1, min(limit / 20, (limit - granted) / 4))
    }

    private mutating func current(_ keyID: String, _ window: RateLimitPolicy.Window, _ now: Int64) -> Slot {
        let id = Self.slotID(keyID, window)
        let start = now - now % window.seconds
        if let slot = slots[id], slot.windowStart == start { return slot }
        let fresh = Slot(windowStart: start)
        slots[id] = fresh
        return fresh
    }

    private func status(_ window: RateLimitPolicy.Window, _ slot: Slot, _ now: Int64, remaining: Int)
        -> RateLimitStatus
    {
        RateLimitStatus(
            limit: window.limit, remaining: max(0, remaining), resetAt: slot.windowStart + window.seconds,
            retryAfter: max(1, slot.windowStart + window.seconds - now))
    }

    private static func slotID(_ keyID: String, _ window: RateLimitPolicy.Window) -> String {
        "\(keyID)|\(window.name)"
    }
}

/// What the rate-limit headers say about a request's tightest window.
public struct RateLimitStatus: Sendable, Equatable {
    public let limit: Int
    public let remaining: Int
    /// Unix seconds when the window ends.
    public let resetAt: Int64
    /// Seconds until then (for `Retry-After`).
    public let retryAfter: Int64

    public init(limit: Int, remaining: Int, resetAt: Int64, retryAfter: Int64) {
        self.limit = limit
        self.remaining = remaining
        self.resetAt = resetAt
        self.retryAfter = retryAfter
    }
}
