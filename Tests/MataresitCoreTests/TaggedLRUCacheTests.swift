import MataresitCore
import Testing

@Suite("TaggedLRUCache")
struct TaggedLRUCacheTests {
    /// Looks `key` up and stores `value` under it on a miss; returns whether it was a hit.
    @discardableResult
    func fetch(
        _ cache: inout TaggedLRUCache<Int>, _ key: String, _ value: Int, tags: [String] = [], ttl: Double = 60,
        now: Double = 0
    ) -> Bool {
        switch cache.lookup(key, now: now) {
        case .hit: return true
        case .miss(let ticket):
            cache.insert(value, forKey: key, tags: tags, expiresAt: now + ttl, ticket: ticket)
            return false
        }
    }

    func value(_ cache: inout TaggedLRUCache<Int>, _ key: String, now: Double = 0) -> Int? {
        if case .hit(let value) = cache.lookup(key, now: now) { return value }
        return nil
    }

    @Test func hitAfterInsertAndExpiryAfterTTL() {
        var cache = TaggedLRUCache<Int>(capacity: 10)
        let hit = fetch(&cache, "a", 1, ttl: 300, now: 1_000)
        #expect(!hit)
        let v1 = value(&cache, "a", now: 1_299.9)
        #expect(v1 == 1)
        let v2 = value(&cache, "a", now: 1_300)
        #expect(v2 == nil)
        #expect(cache.count == 0)
    }

    @Test func evictsTheLeastRecentlyUsedAtCapacity() {
        var cache = TaggedLRUCache<Int>(capacity: 3)
        fetch(&cache, "a", 1)
        fetch(&cache, "b", 2)
        fetch(&cache, "c", 3)
        let touched = value(&cache, "a")  // a is now the most recent; b the least
        #expect(touched == 1)
        guard case .miss(let ticket) = cache.lookup("d", now: 0) else { Issue.record("d was present"); return }
        let result = cache.insert(4, forKey: "d", tags: [], expiresAt: 60, ticket: ticket)
        #expect(result.stored && result.evicted == 1)
        #expect(cache.count == 3)
        let v3 = value(&cache, "b")
        #expect(v3 == nil)
        #expect(cache.keysByRecency == ["d", "a", "c"])
        let v4 = value(&cache, "c")
        #expect(v4 == 3)
        #expect(cache.keysByRecency == ["c", "d", "a"])
    }

    @Test func replacingAKeyKeepsOneEntry() {
        var cache = TaggedLRUCache<Int>(capacity: 2)
        fetch(&cache, "a", 1, tags: ["user:1"])
        guard case .miss(let ticket) = cache.lookup("b", now: 0) else { return }
        cache.insert(5, forKey: "a", tags: ["user:2"], expiresAt: 60, ticket: ticket)
        #expect(cache.count == 1)
        let droppedOld = cache.invalidate(tags: ["user:1"])
        #expect(droppedOld == 0)
        let v5 = value(&cache, "a")
        #expect(v5 == 5)
        let droppedNew = cache.invalidate(tags: ["user:2"])
        #expect(droppedNew == 1)
    }

    @Test func invalidationDropsOnlyEntriesWithThoseTags() {
        var cache = TaggedLRUCache<Int>(capacity: 10)
        fetch(&cache, "me:u1", 1, tags: ["user:u1", "team:t1"])
        fetch(&cache, "teams:u1", 2, tags: ["user:u1"])
        fetch(&cache, "stats:t1", 3, tags: ["team:t1"])
        fetch(&cache, "me:u2", 4, tags: ["user:u2"])
        let droppedTeam = cache.invalidate(tags: ["team:t1"])
        #expect(droppedTeam == 2)
        let v6 = value(&cache, "me:u1")
        #expect(v6 == nil)
        let v7 = value(&cache, "stats:t1")
        #expect(v7 == nil)
        let v8 = value(&cache, "teams:u1")
        #expect(v8 == 2)
        let v9 = value(&cache, "me:u2")
        #expect(v9 == 4)
        let droppedUsers = cache.invalidate(tags: ["user:u1", "user:u2", "team:none"])
        #expect(droppedUsers == 2)
        #expect(cache.count == 0)
    }

    @Test func aReadThatStartedBeforeAnInvalidationIsNotStored() {
        var cache = TaggedLRUCache<Int>(capacity: 10)
        guard case .miss(let ticket) = cache.lookup("me:u1", now: 0) else { return }
        cache.invalidate(tags: ["user:u1"])  // a write lands while the read is in flight
        let result = cache.insert(1, forKey: "me:u1", tags: ["user:u1"], expiresAt: 60, ticket: ticket)
        #expect(!result.stored)
        let v10 = value(&cache, "me:u1")
        #expect(v10 == nil)
        let hitAgain = fetch(&cache, "me:u1", 2, tags: ["user:u1"])
        #expect(!hitAgain)
        let v11 = value(&cache, "me:u1")
        #expect(v11 == 2)
    }

    @Test func zeroCapacityStoresNothing() {
        var cache = TaggedLRUCache<Int>(capacity: 0)
        let first = fetch(&cache, "a", 1)
        let second = fetch(&cache, "a", 1)
        #expect(!first && !second)
        #expect(cache.count == 0)
    }

    @Test func boundHoldsUnderManyInserts() {
        var cache = TaggedLRUCache<Int>(capacity: 100)
        for index in 0..<1_000 { fetch(&cache, "k\(index)", index, tags: ["t\(index % 7)"]) }
        #expect(cache.count == 100)
        #expect(cache.keysByRecency.count == 100)
        #expect(cache.keysByRecency.first == "k999")
        #expect(cache.keysByRecency.last == "k900")
        let dropped = cache.invalidate(tags: ["t0"])
        #expect(dropped == (900..<1_000).filter { $0 % 7 == 0 }.count)
        #expect(cache.count == 100 - dropped)
    }
}
