import Foundation

extension KeyPolicy {
    /// A change is a revocation (`isActive: false`), a no-op activation of an active key, and edits that may only
    /// tighten a key that can still change.
    static func updateRefusal(_ changes: KeyChanges, on target: KeyState, at now: Date) -> KeyRefusal? {
        if changes.revokes, let refusal = revocationRefusal(target, at: now) { return refusal }
        if changes.isActive == true, let refusal = reactivationRefusal(target, at: now) { return refusal }
        guard changes.editsFields else { return nil }
        if let refusal = mutabilityRefusal(target, at: now) { return refusal }
        return tighteningRefusal(changes, of: target)
    }

    static func reactivationRefusal(_ target: KeyState, at now: Date) -> KeyRefusal? {
        switch target.status(at: now) {
        case .active: nil
        case .revoked: .revokedIsTerminal
        default: .reactivation
        }
    }

    /// Fewer scopes, an earlier expiry, a narrower allow-list; names and descriptions are free.
    static func tighteningRefusal(_ changes: KeyChanges, of target: KeyState) -> KeyRefusal? {
        if let scopes = changes.scopes, !scopes.allSatisfy({ $0.isSatisfied(by: target.scopes) }) {
            return .wideningScopes
        }
        if let expiry = changes.expiresAt, let current = target.expiresAt, expiry > current { return .extendingExpiry }
        if let list = changes.allowedIPs, !isNarrowing(list, of: target.allowedIPs) { return .wideningAllowList }
        return nil
    }
}
