import Foundation

/// Tells every API instance to drop cached entries carrying any of these tags.
public struct CacheInvalidation: Sendable, Equatable {
    public static let typeName = "cache.invalidation"

    /// e.g. `user:<uuid>`, `team:<uuid>`.
    public var tags: [String]
    /// The instance that published it; it has already invalidated its own cache.
    public var origin: String

    public init(tags: [String], origin: String) {
        self.tags = tags
        self.origin = origin
    }
}
