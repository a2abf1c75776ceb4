import Foundation

/// The key-management policy (DESIGN §7, fixed), as pure decisions. Every key operation of the API and the
/// CLI asks it first; the store asks it again under the target row's lock, so no concurrent change slips by.
///
/// - A key acts only on keys whose scopes it holds itself (`admin:all` holds all); it may always revoke itself.
/// - A new key gets only scopes, expiry and addresses within the creating key's own.
/// - An existing key can only be tightened (fewer scopes, earlier expiry, fewer allowed addresses, new name
///   or description) or revoked; more power means a new key.
/// - Revoked is terminal; expired, rotated-out and deactivated keys are immutable (they can still be revoked).
/// - A rotation's successor has its predecessor's scopes, allow-list and expiry; as the actor receives it, it must
///   also be a key the actor could create (no later expiry, no wider allow-list than the actor's).
public enum KeyPolicy {
    /// An operation on an existing key.
    public enum Action: Sendable, Equatable {
        case update(KeyChanges)
        case rotate
        case revoke

        /// A revocation and nothing else (`DELETE`, or `isActive: false` alone).
        var isRevocationOnly: Bool {
            switch self {
            case .revoke: true
            case .update(let changes): changes.revokes && !changes.editsFields
            case .rotate: false
            }
        }
    }

    /// Why `actor` may not create a key with `terms`; nil when it may.
    public static func refusal(creating terms: KeyTerms, by actor: KeyActor) -> KeyRefusal? {
        if let scope = terms.scopes.first(where: { !actor.holds([$0]) }) { return .grantNotHeld(scope) }
        if let limit = actor.expiresAt, (terms.expiresAt ?? .distantFuture) > limit { return .outlivesCreator }
        if !isNarrowing(terms.allowedIPs, of: actor.allowedIPs) { return .widerAllowListThanCreator }
        return nil
    }

    /// Why `actor` may not perform `action` on `target` at `now`; nil when it may.
    public static func refusal(
        of action: Action, by actor: KeyActor, on target: KeyState, at now: Date
    ) -> KeyRefusal? {
        let revokesItself = actor.keyID == target.id && action.isRevocationOnly
        guard revokesItself || actor.holds(target.scopes) else { return .targetScopesNotHeld }
        switch action {
        case .revoke: return revocationRefusal(target, at: now)
        case .rotate: return mutabilityRefusal(target, at: now) ?? refusal(creating: successor(of: target), by: actor)
        case .update(let changes): return updateRefusal(changes, on: target, at: now)
        }
    }

    /// The terms of a rotation's successor: the same scopes and allow-list, and never a later expiry.
    public static func successor(of predecessor: KeyState) -> KeyTerms {
        KeyTerms(scopes: predecessor.scopes, expiresAt: predecessor.expiresAt, allowedIPs: predecessor.allowedIPs)
    }

    /// Whether `list` allows no address that `limit` refuses (an empty list allows any address).
    public static func isNarrowing(_ list: [String], of limit: [String]) -> Bool {
        limit.isEmpty || (!list.isEmpty && Set(list).isSubset(of: limit))
    }

    static func revocationRefusal(_ target: KeyState, at now: Date) -> KeyRefusal? {
        target.status(at: now) == .revoked ? .revokedIsTerminal : nil
    }

    static func mutabilityRefusal(_ target: KeyState, at now: Date) -> KeyRefusal? {
        switch target.status(at: now) {
        case .active: nil
        case .revoked: .revokedIsTerminal
        case let status: .immutable(status)
        }
    }
}
