import Foundation
import MataresitAPI
import MataresitCore
import Synchronization

@testable import MataresitStore

/// `api_keys` (and the owners' tiers) in memory, with `APIKeyStore`'s semantics: the policy is asked about the
/// target's current state under the same lock that applies the change.
final class KeyTwin: APIKeyRepository {
    struct Row {
        var summary: APIKeySummary
        var hash: String
        var userID: UUID
        var state: KeyState {
            KeyState(
                id: summary.id, scopes: summary.scopes.compactMap(Scope.init(rawValue:)), isActive: summary.isActive,
                revokedAt: summary.revokedAt, expiresAt: summary.expiresAt, rotatedTo: summary.rotatedTo,
                allowedIPs: summary.allowedIPs)
        }
    }

    private let rows = Mutex<[UUID: Row]>([:])
    private let tiers = Mutex<[UUID: Tier]>([:])

    /// Seeds a user's tier and a key; returns the key's secret.
    @discardableResult
    func seed(userID: UUID, tier: Tier = .pro, scopes: [Scope], teamID: UUID? = nil) -> APIKeySecret {
        tiers.withLock { $0[userID] = tier }
        let secret = APIKeySecret.generate(mode: .test)
        _ = insert(
            secret, userID: userID, teamID: teamID, name: "seeded", description: nil, terms: .init(scopes: scopes))
        return secret
    }

    func row(_ id: UUID) -> Row? { rows.withLock { $0[id] } }

    /// What removing a team member does to their keys bound to that team.
    func delete(userID: UUID, teamID: UUID) {
        rows.withLock { rows in rows = rows.filter { !($0.value.userID == userID && $0.value.summary.teamID == teamID) }
        }
    }
    var all: [Row] { rows.withLock { Array($0.values) } }

    func find(hash: String) async throws -> StoredAPIKey? {
        guard let row = rows.withLock({ $0.values.first { $0.hash == hash } }) else { return nil }
        let key = row.summary
        return StoredAPIKey(
            id: key.id, userID: row.userID, teamID: key.teamID, keyHash: row.hash, prefix: key.keyPrefix,
            scopes: key.scopes.compactMap(Scope.init(rawValue:)), isActive: key.isActive, expiresAt: key.expiresAt,
            tier: tiers.withLock { $0[row.userID] } ?? .free, allowedIPs: key.allowedIPs)
    }

    func list(userID: UUID) async throws -> [APIKeySummary] {
        rows.withLock { $0.values.filter { $0.userID == userID }.map(\.summary) }
            .sorted { ($0.createdAt, $0.id.uuidString) > ($1.createdAt, $1.id.uuidString) }
    }

    func summary(id: UUID, userID: UUID) async throws -> APIKeySummary? {
        rows.withLock { $0[id].flatMap { $0.userID == userID ? $0.summary : nil } }
    }

    func create(
        secret: APIKeySecret, userID: UUID, teamID: UUID?, name: String, description: String?, scopes: [Scope],
        expiresAt: Date?, allowedIPs: [String], maxActive: Int
    ) async throws -> UUID? {
        let now = Date()
        let active = rows.withLock { rows in
            rows.values.filter { $0.userID == userID && $0.state.status(at: now) == .active }.count
        }
        guard active < maxActive else { return nil }
        return insert(
            secret, userID: userID, teamID: teamID, name: name, description: description,
            terms: KeyTerms(scopes: scopes, expiresAt: expiresAt, allowedIPs: allowedIPs))
    }

    private func insert(
        _ secret: APIKeySecret, userID: UUID, teamID: UUID?, name: String, description: String?, terms: KeyTerms
    ) -> UUID {
        let id = UUID()
        let summary = APIKeySummary(
            id: id, name: name, description: description, keyPrefix: secret.displayPrefix,
            scopes: terms.scopes.map(\.rawValue), isActive: true, expiresAt: terms.expiresAt, lastUsedAt: nil,
            usageCount: 0, createdAt: Date(), teamID: teamID, rotatedTo: nil, revokedAt: nil,
            allowedIPs: terms.allowedIPs)
        rows.withLock { $0[id] = Row(summary: summary, hash: secret.hash, userID: userID) }
        return id
    }

    func update(id: UUID, userID: UUID, changes: KeyChanges, by actor: KeyActor) async throws
        -> KeyOutcome<APIKeySummary>
    {
        underPolicy(.update(changes), id: id, userID: userID, by: actor) { row in
            row.summary.name = changes.name ?? row.summary.name
            row.summary.description = changes.description ?? row.summary.description
            row.summary.scopes = changes.scopes?.map(\.rawValue) ?? row.summary.scopes
            if let expiry = changes.expiresAt { row.summary.expiresAt = min(row.summary.expiresAt ?? expiry, expiry) }
            row.summary.allowedIPs = changes.allowedIPs ?? row.summary.allowedIPs
            if changes.revokes { Self.revoke(&row) }
            return row.summary
        }
    }

    func revoke(id: UUID, userID: UUID, by actor: KeyActor) async throws -> KeyOutcome<APIKeySummary> {
        underPolicy(.revoke, id: id, userID: userID, by: actor) { row in
            Self.revoke(&row)
            return row.summary
        }
    }

    private static func revoke(_ row: inout Row) {
        row.summary.isActive = false
        row.summary.revokedAt = Date()
    }

    func rotate(id: UUID, userID: UUID, secret: APIKeySecret, grace: Duration, by actor: KeyActor) async throws
        -> KeyOutcome<KeyRotation>
    {
        var old: Row
        switch underPolicy(.rotate, id: id, userID: userID, by: actor, { row in row }) {
        case .done(let row): old = row
        case .notFound: return .notFound
        case .refused(let refusal): return .refused(refusal)
        }
        let terms = KeyPolicy.successor(of: old.state)
        let newID = insert(
            secret, userID: userID, teamID: old.summary.teamID, name: old.summary.name,
            description: old.summary.description, terms: terms)
        let graceEnd = Date().addingTimeInterval(Double(grace.components.seconds))
        old.summary.rotatedTo = newID
        old.summary.expiresAt = min(old.summary.expiresAt ?? graceEnd, graceEnd)
        rows.withLock { $0[id] = old }
        return .done(KeyRotation(old: old.summary, new: row(newID)!.summary))
    }

    private func underPolicy<Value: Sendable>(
        _ action: KeyPolicy.Action, id: UUID, userID: UUID, by actor: KeyActor, _ write: (inout Row) -> Value
    ) -> KeyOutcome<Value> {
        rows.withLock { rows in
            guard var row = rows[id], row.userID == userID else { return .notFound }
            if let refusal = KeyPolicy.refusal(of: action, by: actor, on: row.state, at: Date()) {
                return .refused(refusal)
            }
            let value = write(&row)
            rows[id] = row
            return .done(value)
        }
    }
}
