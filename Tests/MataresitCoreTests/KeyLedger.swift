import Foundation
import MataresitCore

/// A naive in-memory key store for the policy's property test: it applies whatever the policy allows, literally
/// (an allowed `isActive: true` would reactivate, an allowed later expiry would extend), so only the policy
/// stands between a random sequence of operations and a broken invariant. Keys are *held* (their secret known to
/// the acting party: the first key, the keys it created and the successors of its rotations) or siblings of the
/// same user that it does not hold.
struct KeyLedger {
    /// Every key, in creation order (so a seed replays exactly).
    private(set) var all: [KeyState] = []
    private var positions: [UUID: Int] = [:]
    /// Successor id → its predecessor's expiry when it was rotated (nil: none).
    private(set) var lifetimeLimits: [UUID: Date?] = [:]
    private(set) var everRevoked: Set<UUID> = []
    private(set) var held: Set<UUID> = []
    /// The siblings as they were at the start.
    let siblings: [KeyState]
    /// Keys any allowed operation changed (renames included).
    private(set) var touched: Set<UUID> = []
    var now: Date

    init(start: KeyState, siblings: [KeyState], now: Date) {
        self.now = now
        self.siblings = siblings
        insert(start)
        held.insert(start.id)
        for sibling in siblings { insert(sibling) }
    }

    /// A deterministic id: the n-th key gets n.
    static func id(_ number: Int) -> UUID {
        UUID(uuidString: String(format: "00000000-0000-0000-0000-%012d", number))!
    }

    /// Held keys that would authenticate now: only those can act.
    var usable: [KeyState] {
        all.filter {
            held.contains($0.id) && $0.isActive && $0.revokedAt == nil && ($0.expiresAt.map { $0 > now } ?? true)
        }
    }

    private mutating func insert(_ key: KeyState) {
        positions[key.id] = all.count
        all.append(key)
    }

    private mutating func modify(_ id: UUID, _ change: (inout KeyState) -> Void) {
        guard let position = positions[id] else { return }
        change(&all[position])
        touched.insert(id)
    }

    private func newKey(_ terms: KeyTerms) -> KeyState {
        KeyState(
            id: Self.id(all.count), scopes: terms.scopes, expiresAt: terms.expiresAt, allowedIPs: terms.allowedIPs)
    }

    mutating func create(_ terms: KeyTerms) {
        let key = newKey(terms)
        insert(key)
        held.insert(key.id)
    }

    mutating func update(_ id: UUID, _ changes: KeyChanges) {
        if changes.revokes { revoke(id) }
        modify(id) { key in
            key.isActive = changes.isActive ?? key.isActive
            key.scopes = changes.scopes ?? key.scopes
            key.expiresAt = changes.expiresAt ?? key.expiresAt
            key.allowedIPs = changes.allowedIPs ?? key.allowedIPs
        }
    }

    mutating func rotate(_ id: UUID, grace: TimeInterval) {
        guard let position = positions[id] else { return }
        let new = newKey(KeyPolicy.successor(of: all[position]))
        lifetimeLimits[new.id] = all[position].expiresAt
        insert(new)
        held.insert(new.id)
        let cutOff = now.addingTimeInterval(grace)
        modify(id) { old in
            old.rotatedTo = new.id
            old.expiresAt = min(old.expiresAt ?? cutOff, cutOff)
        }
    }

    mutating func revoke(_ id: UUID) {
        let now = self.now
        modify(id) { key in
            key.isActive = false
            key.revokedAt = key.revokedAt ?? now
        }
        everRevoked.insert(id)
    }
}
