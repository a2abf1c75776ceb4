import Foundation

/// A key as its owner sees it in `/api/v1/keys` (never the secret, never the hash).
public struct APIKeySummary: Sendable, Encodable, Equatable {
    public var id: UUID
    public var name: String
    public var description: String?
    public var keyPrefix: String
    public var scopes: [String]
    public var isActive: Bool
    public var expiresAt: Date?
    public var lastUsedAt: Date?
    public var usageCount: Int
    public var createdAt: Date
    public var teamID: UUID?
    public var rotatedTo: UUID?
    public var revokedAt: Date?
    /// Client addresses or CIDR blocks the key may be used from (enforced with `ENABLE_IP_WHITELIST`); empty: any.
    public var allowedIPs: [String] = []

    enum CodingKeys: String, CodingKey {
        case id, name, description, scopes
        case keyPrefix = "key_prefix", isActive = "is_active", expiresAt = "expires_at"
        case lastUsedAt = "last_used_at", usageCount = "usage_count", createdAt = "created_at", teamID = "team_id"
        case rotatedTo = "rotated_to", revokedAt = "revoked_at", allowedIPs = "allowed_ips"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeLowercase(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(description, forKey: .description)
        try container.encode(keyPrefix, forKey: .keyPrefix)
        try container.encode(scopes, forKey: .scopes)
        try container.encode(isActive, forKey: .isActive)
        try container.encode(expiresAt, forKey: .expiresAt)
        try container.encode(lastUsedAt, forKey: .lastUsedAt)
        try container.encode(usageCount, forKey: .usageCount)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encodeLowercase(teamID, forKey: .teamID)
        try container.encodeLowercase(rotatedTo, forKey: .rotatedTo)
        try container.encode(revokedAt, forKey: .revokedAt)
        try container.encode(allowedIPs, forKey: .allowedIPs)
    }
}
