import Foundation
import HTTPTypes
import Hummingbird
import MataresitCore
import Metrics
import NIOCore
import Synchronization

/// The encoded body of a cached success response.
public struct CachedResponse: Sendable {
    let status: HTTPResponse.Status
    let body: ByteBuffer

    /// The success envelope of `data`, encoded once.
    static func success(_ data: some Encodable, status: HTTPResponse.Status = .ok) throws -> CachedResponse {
        CachedResponse(status: status, body: try APIResponse.successBody(data))
    }

    func response(cacheStatus: String) -> Response {
        Response(
            status: status,
            headers: [.contentType: "application/json; charset=utf-8", .cacheStatus: cacheStatus],
            body: ResponseBody(byteBuffer: body))
    }
}

/// This instance's cache of read responses (``TaggedLRUCache`` behind a lock), with the metrics
/// `mataresit_cache_hits_total`, `_misses_total`, `_evictions_total`, `_invalidations_total` and the
/// `mataresit_cache_entries` gauge (all with `cache="responses"`). Invalidations come from this
/// instance's writes and, as events, from the other instances' (see `CacheInvalidationListener`).
public final class ResponseCache: Sendable {
    public let policy: ResponseCachePolicy
    /// The cache and its counts under one lock: a lookup takes it once.
    private let state: Mutex<(cache: TaggedLRUCache<CachedResponse>, tally: ResponseCacheStatistics)>
    private let epoch = ContinuousClock.now

    public init(policy: ResponseCachePolicy = ResponseCachePolicy()) {
        self.policy = policy
        self.state = Mutex((TaggedLRUCache(capacity: policy.maxEntries), ResponseCacheStatistics()))
        for label in ["hits", "misses", "evictions", "invalidations"] {
            Counter(label: "mataresit_cache_\(label)_total", dimensions: Self.dimensions).increment(by: 0)
        }
        Gauge(label: "mataresit_cache_entries", dimensions: Self.dimensions).record(0)
    }

    static let dimensions = [("cache", "responses")]

    /// Seconds since this cache was made, on the monotonic clock.
    private var now: Double {
        let elapsed = ContinuousClock.now - epoch
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    func lookup(_ key: String) -> TaggedLRUCache<CachedResponse>.Lookup {
        let now = self.now
        let result = state.withLock { guarded in
            let result = guarded.cache.lookup(key, now: now)
            if case .hit = result { guarded.tally.hits += 1 } else { guarded.tally.misses += 1 }
            return result
        }
        switch result {
        case .hit:
            Counter(label: "mataresit_cache_hits_total", dimensions: Self.dimensions).increment()
        case .miss:
            Counter(label: "mataresit_cache_misses_total", dimensions: Self.dimensions).increment()
        }
        return result
    }

    func store(
        _ response: CachedResponse, key: String, kind: ResponseCachePolicy.Class, tags: [String],
        ticket: TaggedLRUCache<CachedResponse>.Ticket
    ) {
        let expiresAt = now + Double(policy.ttlSeconds(kind))
        let (evicted, count) = state.withLock { guarded in
            let evicted = guarded.cache.insert(response, forKey: key, tags: tags, expiresAt: expiresAt, ticket: ticket)
                .evicted
            guarded.tally.evictions += evicted
            return (evicted, guarded.cache.count)
        }
        if evicted > 0 {
            Counter(label: "mataresit_cache_evictions_total", dimensions: Self.dimensions).increment(by: evicted)
        }
        Gauge(label: "mataresit_cache_entries", dimensions: Self.dimensions).record(count)
    }

    /// Drops every entry tagged with one of `tags`; returns how many were dropped.
    @discardableResult
    public func invalidate(tags: [String]) -> Int {
        let (dropped, count) = state.withLock { guarded in
            guarded.tally.invalidations += 1
            return (guarded.cache.invalidate(tags: tags), guarded.cache.count)
        }
        Counter(label: "mataresit_cache_invalidations_total", dimensions: Self.dimensions).increment()
        Gauge(label: "mataresit_cache_entries", dimensions: Self.dimensions).record(count)
        return dropped
    }

    /// Entries held now.
    public var count: Int { state.withLock { $0.cache.count } }

    /// This instance's counts since start, with the entries held now (for `GET /performance`).
    public var statistics: ResponseCacheStatistics {
        var statistics = state.withLock { guarded in
            var tally = guarded.tally
            tally.entries = guarded.cache.count
            return tally
        }
        statistics.maxEntries = policy.maxEntries
        return statistics
    }
}

/// What `GET /performance` reports of the response cache.
public struct ResponseCacheStatistics: Sendable, Encodable {
    public var entries = 0
    public var maxEntries = 0
    public var hits = 0
    public var misses = 0
    public var evictions = 0
    public var invalidations = 0
    /// Hits over lookups; 0 before the first lookup.
    public var hitRate: Double { hits + misses == 0 ? 0 : Double(hits) / Double(hits + misses) }

    enum CodingKeys: String, CodingKey { case entries, maxEntries, hits, misses, evictions, invalidations, hitRate }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(entries, forKey: .entries)
        try container.encode(maxEntries, forKey: .maxEntries)
        try container.encode(hits, forKey: .hits)
        try container.encode(misses, forKey: .misses)
        try container.encode(evictions, forKey: .evictions)
        try container.encode(invalidations, forKey: .invalidations)
        try container.encode(hitRate, forKey: .hitRate)
    }
}

extension HTTPField.Name {
    /// `HIT` or `MISS` on cacheable reads.
    static let cacheStatus = HTTPField.Name("X-Cache")!
}
