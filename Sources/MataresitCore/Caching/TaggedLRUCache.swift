/// A bounded cache of values with a time to live and tags, as a pure state machine (no clock, no lock:
/// the caller passes the time and serialises access). The least recently used entry is evicted when a
/// new one would exceed `capacity`; an invalidation drops every entry carrying one of its tags.
///
/// A read that missed gets a ``Ticket``; its result is stored only if no invalidation happened since,
/// so a slow read that began before a write can never put the old data back after the write's invalidation.
public struct TaggedLRUCache<Value> {
    /// Proof of when a read started, to hand back to ``insert(_:forKey:tags:expiresAt:ticket:)``.
    public struct Ticket: Sendable, Equatable {
        let generation: UInt64
    }

    public enum Lookup {
        case hit(Value)
        case miss(Ticket)
    }

    struct Entry {
        var value: Value
        var tags: [String]
        var expiresAt: Double
        var newer: String?
        var older: String?
    }

    /// Most entries kept; 0 stores nothing.
    public let capacity: Int
    private var entries: [String: Entry] = [:]
    private var keysByTag: [String: Set<String>] = [:]
    private var newest: String?
    private var oldest: String?
    private var generation: UInt64 = 0

    public init(capacity: Int) {
        self.capacity = max(0, capacity)
    }

    /// Number of entries held (expired ones included until they are next touched or evicted).
    public var count: Int { entries.count }

    /// The value under `key` if present and not expired at `now` (seconds on any monotonic scale);
    /// a hit makes the entry the most recently used, an expired entry is dropped.
    public mutating func lookup(_ key: String, now: Double) -> Lookup {
        guard let entry = entries[key] else { return .miss(Ticket(generation: generation)) }
        guard entry.expiresAt > now else {
            remove(key)
            return .miss(Ticket(generation: generation))
        }
        unlink(key)
        pushNewest(key, entry)
        return .hit(entry.value)
    }

    /// Stores `value` unless an invalidation happened after `ticket` was issued; returns how many
    /// entries were evicted to make room (0 when nothing was stored).
    @discardableResult
    public mutating func insert(_ value: Value, forKey key: String, tags: [String], expiresAt: Double, ticket: Ticket)
        -> (stored: Bool, evicted: Int)
    {
        guard capacity > 0, ticket.generation == generation else { return (false, 0) }
        if entries[key] != nil { remove(key) }
        var evicted = 0
        while entries.count >= capacity, let victim = oldest {
            remove(victim)
            evicted += 1
        }
        pushNewest(key, Entry(value: value, tags: tags, expiresAt: expiresAt))
        for tag in tags { keysByTag[tag, default: []].insert(key) }
        return (true, evicted)
    }

    /// Drops every entry carrying any of `tags`; returns how many were dropped. Always starts a new
    /// generation, so reads in flight do not store what they read before it.
    @discardableResult
    public mutating func invalidate(tags: [String]) -> Int {
        generation &+= 1
        var dropped = 0
        for tag in tags {
            guard let keys = keysByTag[tag] else { continue }
            for key in keys where entries[key] != nil {
                remove(key)
                dropped += 1
            }
        }
        return dropped
    }

    /// Drops everything (a new generation too).
    public mutating func removeAll() {
        generation &+= 1
        entries = [:]
        keysByTag = [:]
        newest = nil
        oldest = nil
    }

    /// Keys from most to least recently used (for tests and diagnostics).
    public var keysByRecency: [String] {
        var keys: [String] = []
        var cursor = newest
        while let key = cursor {
            keys.append(key)
            cursor = entries[key]?.older
        }
        return keys
    }

    private mutating func remove(_ key: String) {
        guard let entry = entries[key] else { return }
        unlink(key)
        entries[key] = nil
        for tag in entry.tags {
            keysByTag[tag]?.remove(key)
            if keysByTag[tag]?.isEmpty == true { keysByTag[tag] = nil }
        }
    }

    /// Takes `key` out of the recency list (the entry stays in `entries`).
    private mutating func unlink(_ key: String) {
        guard let entry = entries[key] else { return }
        if let newer = entry.newer { entries[newer]?.older = entry.older } else { newest = entry.older }
        if let older = entry.older { entries[older]?.newer = entry.newer } else { oldest = entry.newer }
    }

    private mutating func pushNewest(_ key: String, _ entry: Entry) {
        var entry = entry
        entry.newer = nil
        entry.older = newest
        if let previous = newest { entries[previous]?.newer = key }
        newest = key
        if oldest == nil { oldest = key }
        entries[key] = entry
    }
}

extension TaggedLRUCache: Sendable where Value: Sendable {}
extension TaggedLRUCache.Entry: Sendable where Value: Sendable {}
