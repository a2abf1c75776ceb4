import Foundation

/// Why the key policy refused an operation: the rule that was broken. `rule` names it in audit rows (no
/// personal data), `message` explains it to the caller.
public enum KeyRefusal: Sendable, Equatable, Error {
    /// The target key holds scopes the acting key lacks.
    case targetScopesNotHeld
    /// A new key would get a scope the acting key lacks.
    case grantNotHeld(Scope)
    /// A new key would expire later than the key creating it (or never, when the creator expires).
    case outlivesCreator
    /// A new key would be usable from addresses the creating key is not limited to.
    case widerAllowListThanCreator
    /// The target is revoked.
    case revokedIsTerminal
    /// The target expired, was rotated out or deactivated: it can no longer change.
    case immutable(KeyState.Status)
    /// `isActive: true` on an inactive key.
    case reactivation
    /// A change would add scopes to an existing key.
    case wideningScopes
    /// A change would move an existing key's expiry later, or remove it.
    case extendingExpiry
    /// A change would add addresses to an allow-list, or empty it (which lifts the restriction).
    case wideningAllowList

    /// The rule's stable name, for audit rows.
    public var rule: String {
        switch self {
        case .targetScopesNotHeld: "target_scopes_not_held"
        case .grantNotHeld: "grant_not_held"
        case .outlivesCreator: "outlives_creator"
        case .widerAllowListThanCreator: "wider_allow_list_than_creator"
        case .revokedIsTerminal: "revoked_is_terminal"
        case .immutable(let status): "immutable_\(status.rawValue)"
        case .reactivation: "reactivation"
        case .wideningScopes: "widening_scopes"
        case .extendingExpiry: "extending_expiry"
        case .wideningAllowList: "widening_allow_list"
        }
    }

    /// What the caller is told.
    public var message: String {
        switch self {
        case .targetScopesNotHeld: "This key may act only on keys whose scopes it holds itself"
        case .grantNotHeld(let scope): "This key cannot grant \(scope.rawValue), which it does not hold"
        case .outlivesCreator: "A new key cannot expire later than the key creating it"
        case .widerAllowListThanCreator: "A new key must be limited to some of the creating key's allowed addresses"
        case .revokedIsTerminal: "The key is revoked; a revocation is final"
        case .immutable(let status): "The key is \(status.phrase); it can no longer be changed or rotated"
        case .reactivation: "An inactive key cannot be made active again; create a new key"
        case .wideningScopes: "A key's scopes can only be narrowed; create a new key for more"
        case .extendingExpiry: "A key's expiry can only be brought forward"
        case .wideningAllowList:
            "A key's allowed addresses can only be narrowed to some of its entries (an empty list lifts the limit)"
        }
    }
}

extension KeyState.Status {
    var phrase: String {
        switch self {
        case .active: "active"
        case .revoked: "revoked"
        case .expired: "expired"
        case .rotatedOut: "rotated out"
        case .deactivated: "deactivated"
        }
    }
}
