/// Counts failed authentications per client address in fixed windows and says when one becomes a burst (pure;
/// keep it behind a lock). A window starts at an address's first failure and lasts `window` seconds; the failure
/// that reaches `threshold` inside it is reported once, with the count so far; later failures in the same window
/// are counted silently. Memory is bounded: at `capacity` addresses, ended windows are dropped, and if that is not
/// enough, everything is (a flood of distinct addresses then yields at most one report per address per window).
/// An address with `lockout` failures in its window is locked out until the window ends: it may not try keys.
public struct FailedAuthBursts: Sendable {
    public let threshold: Int
    public let lockout: Int
    public let window: Double
    public let capacity: Int
    private var windows: [String: (start: Double, count: Int)] = [:]

    public init(threshold: Int = 10, lockout: Int = 20, window: Double = 60, capacity: Int = 10_000) {
        self.threshold = max(1, threshold)
        self.lockout = max(1, lockout)
        self.window = window
        self.capacity = max(1, capacity)
    }

    /// Seconds until `client` may try keys again, or nil when it is not locked out.
    public func lockedOut(client: String, now: Double) -> Int? {
        guard let entry = windows[client], entry.count >= lockout, now - entry.start < window else { return nil }
        return max(1, Int((entry.start + window - now).rounded(.up)))
    }

    /// Records one failure from `client` at `now` (seconds, any monotonic origin); returns the count to report when
    /// this failure makes the window a burst, else nil.
    public mutating func recordFailure(client: String, now: Double) -> Int? {
        var entry = windows[client] ?? (now, 0)
        if now - entry.start >= window { entry = (now, 0) }
        entry.count += 1
        if windows[client] == nil, windows.count >= capacity { evict(now: now) }
        windows[client] = entry
        return entry.count == threshold ? entry.count : nil
    }

    /// Addresses currently tracked.
    public var trackedClients: Int { windows.count }

    private mutating func evict(now: Double) {
        windows = windows.filter { now - $0.value.start < window }
        if windows.count >= capacity { windows.removeAll(keepingCapacity: true) }
    }
}
