import Foundation

/// Counts repeated security events per source, kind, route (and key, for a key's events) in fixed windows, so attack traffic adds one audit
/// row per window with a count instead of one row per request (pure; keep it behind a lock).
///
/// A window starts at the first event of its key and lasts `window` seconds; ``closed(now:)`` hands out the windows
/// that ended. Memory is bounded: past `capacity` keys, events of new sources are counted under a key without a
/// source (`source == nil`: "many sources"), so a flood of distinct addresses still yields a bounded set of rows.
public struct SecurityEventWindows: Sendable {
    public struct Key: Hashable, Sendable {
        /// The client address (published sealed), or nil for the overflow of a flood.
        public var source: String?
        /// What happened, e.g. the suspicious pattern's name.
        public var kind: String
        /// The matched route template, or `unmatched`: never a path the client chose.
        public var route: String
        /// The event published for the window: a suspicious pattern, or a key refused from an address.
        public var event: SecurityEvent.Kind
        /// The key and its owner, for events about a key (`ip_denied`); its address is sealed for the owner.
        public var apiKeyID: UUID?
        public var userID: UUID?

        public init(
            source: String?, kind: String, route: String, event: SecurityEvent.Kind = .suspiciousPattern,
            apiKeyID: UUID? = nil, userID: UUID? = nil
        ) {
            self.source = source
            self.kind = kind
            self.route = route
            self.event = event
            self.apiKeyID = apiKeyID
            self.userID = userID
        }
    }

    /// One ended window: the first method seen, and how many events it held.
    public struct Count: Sendable, Equatable {
        public var method: String
        public var count: Int

        public init(method: String, count: Int) {
            self.method = method
            self.count = count
        }
    }

    public let window: Double
    public let capacity: Int
    private var open: [Key: (start: Double, count: Count)] = [:]

    public init(window: Double = 60, capacity: Int = 10_000) {
        self.window = window
        self.capacity = max(1, capacity)
    }

    /// Counts one event at `now` (seconds, any monotonic origin).
    public mutating func record(_ key: Key, method: String, now: Double) {
        var key = key
        if open[key] == nil && open.count >= capacity { key.source = nil }
        var entry = open[key] ?? (now, Count(method: method, count: 0))
        entry.count.count += 1
        open[key] = entry
    }

    /// Removes and returns every window that ended by `now`.
    public mutating func closed(now: Double) -> [(Key, Count)] {
        let ended = open.filter { now - $0.value.start >= window }
        for key in ended.keys { open[key] = nil }
        return ended.map { ($0.key, $0.value.count) }
    }

    /// Removes and returns every window, ended or not (at shutdown).
    public mutating func drain() -> [(Key, Count)] {
        defer { open.removeAll() }
        return open.map { ($0.key, $0.value.count) }
    }

    /// Keys with an open window.
    public var openWindows: Int { open.count }
}
