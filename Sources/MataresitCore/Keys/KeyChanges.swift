import Foundation

/// Changes asked of an existing key (`PATCH`/`PUT /keys/{id}`); nil leaves a field as it is.
/// `isActive: false` is a revocation; everything else may only tighten the key (see `KeyPolicy`).
public struct KeyChanges: Sendable, Equatable {
    public var name: String?
    public var description: String?
    public var scopes: [Scope]?
    public var isActive: Bool?
    public var expiresAt: Date?
    /// Replaces the allowed addresses (normalised CIDR text); an empty list allows any address.
    public var allowedIPs: [String]?

    /// Changes; every field defaults to "leave as it is".
    public init(
        name: String? = nil, description: String? = nil, scopes: [Scope]? = nil, isActive: Bool? = nil,
        expiresAt: Date? = nil, allowedIPs: [String]? = nil
    ) {
        self.name = name
        self.description = description
        self.scopes = scopes
        self.isActive = isActive
        self.expiresAt = expiresAt
        self.allowedIPs = allowedIPs
    }

    /// Whether the changes revoke the key.
    public var revokes: Bool { isActive == false }

    /// Whether anything but the key's activity changes.
    public var editsFields: Bool {
        name != nil || description != nil || scopes != nil || expiresAt != nil || allowedIPs != nil
    }
}
