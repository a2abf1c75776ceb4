/// What the API caches and for how long: the seed's `cacheConfig` (§6) plus its `CACHE_*` variables.
public struct ResponseCachePolicy: Sendable, Equatable {
    /// The seed's cache classes; each entry is also tagged with its class name.
    public enum Class: String, Sendable, CaseIterable {
        /// `/me` (seed `userProfile`: 300 s, tag `user`).
        case userProfile = "user"
        /// `/teams*` (seed `teamData`: 600 s, tag `team`).
        case teamData = "team"
        /// `/analytics*` spending reports (seed `analytics`: 3600 s).
        case analytics
        /// `/search` results (seed `searchResults`: 900 s).
        case searchResults = "search"
        /// Other cached reads (`/categories`): `CACHE_TTL_SECONDS`.
        case reference
        /// Pages of `GET /receipts` (not in the seed's `cacheConfig`): `CACHE_TTL_SECONDS`.
        case receiptLists = "receipts"
    }

    /// `CACHE_MAX_SIZE` (default 1000): entries kept before the least recently used is evicted; 0 disables caching.
    public var maxEntries: Int
    /// `CACHE_TTL_SECONDS` (default 300): the time to live of the `reference` class.
    public var defaultTTLSeconds: Int

    public init(maxEntries: Int = 1_000, defaultTTLSeconds: Int = 300) {
        self.maxEntries = maxEntries
        self.defaultTTLSeconds = defaultTTLSeconds
    }

    /// Seconds an entry of `kind` stays fresh (an invalidation may end it sooner).
    public func ttlSeconds(_ kind: Class) -> Int {
        switch kind {
        case .userProfile: return 300
        case .teamData: return 600
        case .analytics: return 3_600
        case .searchResults: return 900
        case .reference, .receiptLists: return defaultTTLSeconds
        }
    }
}
