import Foundation

/// A change in an API key's life. Carries ids only (no personal data), so it can live in the audit log.
public struct ApiKeyLifecycleEvent: Sendable, Equatable {
    public static let typeName = "api_key.lifecycle"

    public enum Action: String, Sendable, CaseIterable {
        case created, rotated, revoked, updated, expired
    }

    public var apiKeyID: UUID
    public var userID: UUID
    public var action: Action
    /// Who did it; nil for the system (the expiry job).
    public var actorUserID: UUID?
    /// For a rotation: the key that replaces this one.
    public var replacedBy: UUID?
    public var keyPrefix: String
    public var expiresAt: Date?

    public init(
        apiKeyID: UUID, userID: UUID, action: Action, actorUserID: UUID? = nil, replacedBy: UUID? = nil,
        keyPrefix: String, expiresAt: Date? = nil
    ) {
        self.apiKeyID = apiKeyID
        self.userID = userID
        self.action = action
        self.actorUserID = actorUserID
        self.replacedBy = replacedBy
        self.keyPrefix = keyPrefix
        self.expiresAt = expiresAt
    }
}
