import Foundation
import MataresitCore

/// The `api_key.lifecycle` events of each key action, the same whether the API or the CLI took it (the CLI's actor
/// is the operator: no user).
extension ApiKeyLifecycleEvent {
    public init(_ action: Action, of key: APIKeySummary, owner: UUID, actor: UUID?, replacedBy: UUID? = nil) {
        self.init(
            apiKeyID: key.id, userID: owner, action: action, actorUserID: actor, replacedBy: replacedBy,
            keyPrefix: key.keyPrefix, expiresAt: key.expiresAt)
    }
}

extension KeyRotation {
    /// The old key rotated (naming its successor), then the new key created.
    public func lifecycleEvents(owner: UUID, actor: UUID?) -> [ApiKeyLifecycleEvent] {
        [
            ApiKeyLifecycleEvent(.rotated, of: old, owner: owner, actor: actor, replacedBy: new.id),
            ApiKeyLifecycleEvent(.created, of: new, owner: owner, actor: actor)
        ]
    }
}
