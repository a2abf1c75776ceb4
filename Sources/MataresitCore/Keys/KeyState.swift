import Foundation

/// A stored API key as the key policy sees it: its powers and where it is in its life.
public struct KeyState: Sendable, Equatable {
    /// Where a key is in its life. Only an active key can change or be rotated.
    public enum Status: String, Sendable, CaseIterable {
        case active
        /// Revoked: terminal.
        case revoked
        /// Past its expiry (rotated-out keys once their grace ended included).
        case expired
        /// Replaced by a rotation; it may still work until its grace ends.
        case rotatedOut = "rotated_out"
        /// Inactive without a revocation (deactivated by the expiry job).
        case deactivated
    }

    public var id: UUID
    public var scopes: [Scope]
    public var isActive: Bool
    public var revokedAt: Date?
    public var expiresAt: Date?
    /// The key that replaced this one in a rotation.
    public var rotatedTo: UUID?
    /// Normalised addresses or CIDR blocks; empty: any address.
    public var allowedIPs: [String]

    /// A key's state.
    public init(
        id: UUID, scopes: [Scope], isActive: Bool = true, revokedAt: Date? = nil, expiresAt: Date? = nil,
        rotatedTo: UUID? = nil, allowedIPs: [String] = []
    ) {
        self.id = id
        self.scopes = scopes
        self.isActive = isActive
        self.revokedAt = revokedAt
        self.expiresAt = expiresAt
        self.rotatedTo = rotatedTo
        self.allowedIPs = allowedIPs
    }

    /// The key's status at `now`; a revocation outranks everything, then expiry, then rotation.
    public func status(at now: Date) -> Status {
        if revokedAt != nil { return .revoked }
        if let expiresAt, expiresAt <= now { return .expired }
        if rotatedTo != nil { return .rotatedOut }
        return isActive ? .active : .deactivated
    }
}
