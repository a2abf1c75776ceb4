import Foundation

/// An administrative action, from the CLI or through an `admin:all` key. PII-free: ids and names only.
public struct AdminAction: Sendable, Equatable {
    public static let typeName = "admin.action"

    /// Admin user; nil = the operator at the command line.
    public var actorUserID: UUID?
    /// The key used, when the action came through the API.
    public var actorApiKeyID: UUID?
    /// e.g. `users.set_tier`, `teams.add_member`, `dlq.redrive`, `replay.swap`.
    public var action: String
    public var targetType: String
    /// An id, never personal data.
    public var targetID: String
    public var attributes: [String: String]

    public init(
        actorUserID: UUID? = nil, actorApiKeyID: UUID? = nil, action: String, targetType: String, targetID: String,
        attributes: [String: String] = [:]
    ) {
        self.actorUserID = actorUserID
        self.actorApiKeyID = actorApiKeyID
        self.action = action
        self.targetType = targetType
        self.targetID = targetID
        self.attributes = attributes
    }
}
