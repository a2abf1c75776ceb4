/// This instance's share of every subject's rate limits: admissions leased from the shared store (Postgres, where
/// each window is a GCRA cell) and not yet spent. A pure state machine: it never does I/O; it tells the caller when
/// to lease and how much, and the caller reports the grant back.
///
/// Leased admissions expire after `leaseLifetime`: a lease taken in one instant cannot be saved up and spent later
/// next to fresh ones, so instances together admit at most what the cells allow plus what one lifetime adds (a
/// window's burst plus one interval, see `RateLimitTests`). A subject that was refused is refused from memory until
/// its next admission is due, so a flood of limited requests costs no I/O.
public struct RateLimitLedger: Sendable {
    /// What this instance holds for one subject.
    struct Holding: Sendable {
        var slots = 0
        var grantedAt: Int64 = 0
        var expiresAt: Int64 = 0
        var leaseSize = 1
        var windows: [RateLimitGrant.WindowState] = []
        /// Set after a refusal: the index of the window that refused, and until when it refuses.
        var refusedBy: Int?
        var refusedUntil: Int64 = 0
    }

    public enum Action: Sendable, Equatable {
        case allow(RateLimitStatus)
        case deny(RateLimitStatus)
        /// Ask the store for up to `want` admissions, `record` the grant, and take again.
        case lease(want: Int)
    }

    /// How long leased admissions stay spendable: one second (nanoseconds).
    public static let leaseLifetime: Int64 = 1_000_000_000

    private var holdings: [String: Holding] = [:]

    public init() {}

    /// Decides one request of `subject` at `now` (Unix nanoseconds).
    public mutating func take(subject: String, windows: [RateLimitPolicy.Window], now: Int64) -> Action {
        guard var holding = holdings[subject], holding.windows.count == windows.count else { return .lease(want: 1) }
        if let refusing = holding.refusedBy, now < holding.refusedUntil {
            return .deny(refusal(windows[refusing], holding, now))
        }
        guard holding.slots > 0, now < holding.expiresAt else {
            return .lease(want: Self.nextLeaseSize(holding, windows, now))
        }
        holding.slots -= 1
        holdings[subject] = holding
        return .allow(admission(windows, holding))
    }

    /// Records the store's answer to a lease of `want` admissions asked at `now`.
    public mutating func record(
        subject: String, want: Int, grant: RateLimitGrant, windows: [RateLimitPolicy.Window], now: Int64
    ) {
        var holding = holdings[subject] ?? Holding()
        holding.slots = grant.granted
        holding.grantedAt = now
        holding.expiresAt = now + Self.leaseLifetime
        holding.leaseSize = want
        holding.windows = grant.windows
        holding.refusedBy = nil
        if grant.granted == 0, let refusing = Self.refusingWindow(grant) {
            holding.refusedBy = refusing
            holding.refusedUntil = now + max(1, grant.windows[refusing].retryAfterNanoseconds)
        }
        holdings[subject] = holding
    }

    /// Forgets subjects with nothing held and no refusal in force (bounded memory).
    public mutating func prune(now: Int64) {
        holdings = holdings.filter { _, holding in holding.expiresAt > now || holding.refusedUntil > now }
    }

    public var trackedSubjects: Int { holdings.count }

    /// One admission at a time, doubled while each lease is spent within its lifetime, up to a quarter of the
    /// smallest burst: a busy subject costs few store round trips, and an idle instance strands little.
    static func nextLeaseSize(_ holding: Holding, _ windows: [RateLimitPolicy.Window], _ now: Int64) -> Int {
        let cap = max(1, (windows.map(\.effectiveBurst).min() ?? 1) / 4)
        let spentInTime = holding.slots == 0 && now < holding.expiresAt
        return spentInTime ? min(cap, holding.leaseSize * 2) : 1
    }

    /// The window that refused a grant of nothing: of those with nothing left, the one that refuses longest.
    static func refusingWindow(_ grant: RateLimitGrant) -> Int? {
        var refusing: Int?
        for (index, state) in grant.windows.enumerated() where state.remaining == 0 {
            if let current = refusing, grant.windows[current].retryAfterNanoseconds >= state.retryAfterNanoseconds {
                continue
            }
            refusing = index
        }
        return refusing
    }

    /// The status of an admitted request: its tightest window, counting what this instance still holds.
    private func admission(_ windows: [RateLimitPolicy.Window], _ holding: Holding) -> RateLimitStatus {
        let tightest =
            holding.windows.indices.min { holding.windows[$0].remaining < holding.windows[$1].remaining } ?? 0
        let state = holding.windows[tightest]
        return RateLimitStatus(
            limit: windows[tightest].limit, remaining: state.remaining + holding.slots,
            resetAt: Self.unixSeconds(roundingUp: holding.grantedAt + state.resetAfterNanoseconds),
            retryAfter: 1)
    }

    private func refusal(_ window: RateLimitPolicy.Window, _ holding: Holding, _ now: Int64) -> RateLimitStatus {
        let state = holding.windows[holding.refusedBy ?? 0]
        return RateLimitStatus(
            limit: window.limit, remaining: 0,
            resetAt: Self.unixSeconds(roundingUp: holding.grantedAt + state.resetAfterNanoseconds),
            retryAfter: max(1, Self.unixSeconds(roundingUp: holding.refusedUntil - now)))
    }

    static func unixSeconds(roundingUp nanoseconds: Int64) -> Int64 {
        (nanoseconds + 999_999_999) / 1_000_000_000
    }
}

/// What the rate-limit headers say about a request's tightest window.
public struct RateLimitStatus: Sendable, Equatable {
    public let limit: Int
    /// Requests the window admits right now.
    public let remaining: Int
    /// Unix seconds when the window is idle again (its whole burst available).
    public let resetAt: Int64
    /// Seconds until the next request is admitted (for `Retry-After`).
    public let retryAfter: Int64

    public init(limit: Int, remaining: Int, resetAt: Int64, retryAfter: Int64) {
        self.limit = limit
        self.remaining = remaining
        self.resetAt = resetAt
        self.retryAfter = retryAfter
    }
}
