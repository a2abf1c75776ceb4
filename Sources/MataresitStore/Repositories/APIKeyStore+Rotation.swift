import Foundation
import MataresitCore
import PostgresNIO

extension APIKeyStore {
    /// Replaces one of the user's active keys if the key policy lets `actor` do so: stores `secret` as a new key
    /// with the same name, team and the policy's successor terms (same scopes and allow-list, the same expiry),
    /// and lets the old one expire after `grace` (or at its own expiry, if sooner).
    public func rotate(id: UUID, userID: UUID, secret: APIKeySecret, grace: Duration, by actor: KeyActor)
        async throws -> KeyOutcome<KeyRotation>
    {
        try await underPolicy(.rotate, id: id, userID: userID, by: actor) { connection, state in
            let new = try await insertSuccessor(
                of: id, terms: KeyPolicy.successor(of: state), secret: secret, userID: userID, on: connection)
            let old = try await retire(id, replacedBy: new.id, grace: grace, on: connection)
            return KeyRotation(old: old, new: new)
        }
    }

    func insertSuccessor(
        of id: UUID, terms: KeyTerms, secret: APIKeySecret, userID: UUID, on connection: PostgresConnection
    ) async throws -> APIKeySummary {
        try await single(
            try await connection.query(
                """
                INSERT INTO api_keys (user_id, team_id, name, description, key_hash, key_prefix, scopes, expires_at,
                                      created_by, allowed_ips)
                SELECT user_id, team_id, name, description, \(secret.hash), \(secret.displayPrefix),
                       \(terms.scopes.map(\.rawValue)), \(terms.expiresAt), \(userID), \(terms.allowedIPs)
                FROM api_keys WHERE id = \(id) AND is_active AND revoked_at IS NULL AND rotated_to IS NULL
                RETURNING \(unescaped: Self.summaryColumns)
                """, logger: logger))
    }

    func retire(_ id: UUID, replacedBy new: UUID, grace: Duration, on connection: PostgresConnection)
        async throws -> APIKeySummary
    {
        let graceSeconds = Double(grace.components.seconds)
        return try await single(
            try await connection.query(
                """
                UPDATE api_keys SET rotated_to = \(new), updated_at = now(),
                    expires_at = LEAST(expires_at, now() + make_interval(secs => \(graceSeconds)))
                WHERE id = \(id)
                RETURNING \(unescaped: Self.summaryColumns)
                """, logger: logger))
    }
}
