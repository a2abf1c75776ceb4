import Foundation
import MataresitCore

extension KeyPolicyRun {
    /// The first invariant a key of the ledger breaks, described; nil when all hold.
    func brokenInvariant() -> String? {
        for sibling in ledger.siblings where !sibling.scopes.allSatisfy({ $0.isSatisfied(by: start.scopes) }) {
            if ledger.touched.contains(sibling.id) { return "sibling \(sibling.id) with more scopes was changed" }
        }
        for key in ledger.all {
            if let broken = brokenLifecycle(key) { return broken }
            guard ledger.held.contains(key.id) else { continue }
            if !key.scopes.allSatisfy({ $0.isSatisfied(by: start.scopes) }) {
                return "key \(key.id) has scopes \(key.scopes) beyond the first key's \(start.scopes)"
            }
            if let limit = start.expiresAt, (key.expiresAt ?? .distantFuture) > limit {
                return "key \(key.id) outlives the first key"
            }
            if !KeyPolicy.isNarrowing(key.allowedIPs, of: start.allowedIPs) {
                return "key \(key.id) may be used from addresses the first key may not: \(key.allowedIPs)"
            }
        }
        return nil
    }

    /// Revoked stays revoked; a successor never outlives its predecessor's expiry at the rotation.
    func brokenLifecycle(_ key: KeyState) -> String? {
        if ledger.everRevoked.contains(key.id), key.isActive || key.revokedAt == nil {
            return "revoked key \(key.id) is active again"
        }
        if let limit = ledger.lifetimeLimits[key.id], let limit, (key.expiresAt ?? .distantFuture) > limit {
            return "successor \(key.id) outlives its predecessor's expiry \(limit)"
        }
        return nil
    }

    mutating func randomScopes() -> [Scope] {
        let count = Int.random(in: 1...3, using: &random)
        return (0..<count).compactMap { _ in Scope.allCases.randomElement(using: &random) }
    }

    /// nil (never expires) or up to 300 hours from now, sometimes in the past.
    mutating func randomDate() -> Date? {
        guard Int.random(in: 0..<4, using: &random) > 0 else { return nil }
        return ledger.now.addingTimeInterval(Double(Int.random(in: -3_600...1_080_000, using: &random)))
    }

    mutating func randomAddresses() -> [String] {
        KeyPolicyPropertyTests.addresses.filter { _ in Int.random(in: 0..<3, using: &random) == 0 }
    }

    mutating func randomChanges() -> KeyChanges {
        var changes = KeyChanges()
        if Int.random(in: 0..<3, using: &random) == 0 { changes.name = "renamed" }
        if Int.random(in: 0..<3, using: &random) == 0 { changes.scopes = randomScopes() }
        if Int.random(in: 0..<3, using: &random) == 0 { changes.expiresAt = randomDate() }
        if Int.random(in: 0..<3, using: &random) == 0 { changes.allowedIPs = randomAddresses() }
        if Int.random(in: 0..<4, using: &random) == 0 { changes.isActive = Bool.random(using: &random) }
        return changes
    }
}
