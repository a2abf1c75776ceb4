import Foundation
import MataresitCore
import PostgresNIO

extension APIKeyStore {
    static let summaryColumns = """
        id, name, description, key_prefix, scopes, is_active, expires_at, last_used_at, usage_count, created_at,
        team_id, rotated_to, revoked_at, allowed_ips
        """

    /// The user's keys, newest first.
    public func list(userID: UUID) async throws -> [APIKeySummary] {
        try await summaries(
            try await client.query(
                """
                SELECT \(unescaped: Self.summaryColumns) FROM api_keys WHERE user_id = \(userID)
                ORDER BY created_at DESC, id
                """, logger: logger))
    }

    /// One of the user's keys; nil when it does not exist or belongs to someone else.
    public func summary(id: UUID, userID: UUID) async throws -> APIKeySummary? {
        try await summaries(
            try await client.query(
                "SELECT \(unescaped: Self.summaryColumns) FROM api_keys WHERE id = \(id) AND user_id = \(userID)",
                logger: logger)
        ).first
    }

    /// Applies `changes` to one of the user's keys if the key policy lets `actor` do so (checked on the locked
    /// row). `isActive: false` revokes; an expiry only ever moves earlier and a key never becomes active again,
    /// in the statement itself too.
    public func update(id: UUID, userID: UUID, changes: KeyChanges, by actor: KeyActor) async throws
        -> KeyOutcome<APIKeySummary>
    {
        try await underPolicy(.update(changes), id: id, userID: userID, by: actor) { connection, _ in
            try await single(
                try await connection.query(
                    """
                    UPDATE api_keys SET
                        name = COALESCE(\(changes.name), name),
                        description = COALESCE(\(changes.description), description),
                        scopes = COALESCE(\(changes.scopes?.map(\.rawValue))::text[], scopes),
                        expires_at = LEAST(expires_at, \(changes.expiresAt)),
                        allowed_ips = COALESCE(\(changes.allowedIPs)::text[], allowed_ips),
                        is_active = is_active AND NOT \(changes.revokes),
                        revoked_at = CASE WHEN \(changes.revokes) THEN now() END,
                        updated_at = now()
                    WHERE id = \(id) AND revoked_at IS NULL
                    RETURNING \(unescaped: Self.summaryColumns)
                    """, logger: logger))
        }
    }

    /// Revokes one of the user's keys (kept for the audit trail) if the key policy lets `actor` do so.
    /// A revoked key stays revoked: revoking it again is refused.
    public func revoke(id: UUID, userID: UUID, by actor: KeyActor) async throws -> KeyOutcome<APIKeySummary> {
        try await underPolicy(.revoke, id: id, userID: userID, by: actor) { connection, _ in
            try await single(
                try await connection.query(
                    """
                    UPDATE api_keys SET is_active = false, revoked_at = now(), updated_at = now()
                    WHERE id = \(id) AND revoked_at IS NULL
                    RETURNING \(unescaped: Self.summaryColumns)
                    """, logger: logger))
        }
    }

    /// The one row a write under the policy's lock returns.
    func single(_ rows: PostgresRowSequence) async throws -> APIKeySummary {
        guard let key = try await summaries(rows).first else { throw StoreError.notFound("api key") }
        return key
    }

    func summaries(_ rows: PostgresRowSequence) async throws -> [APIKeySummary] {
        return try await StoreError.wrapping {
            var keys: [APIKeySummary] = []
            for try await row in rows.decode(
                (UUID, String, String?, String, [String], Bool, Date?, Date?, Int, Date, UUID?, UUID?, Date?, [String])
                    .self)
            {
                keys.append(
                    APIKeySummary(
                        id: row.0, name: row.1, description: row.2, keyPrefix: row.3, scopes: row.4, isActive: row.5,
                        expiresAt: row.6, lastUsedAt: row.7, usageCount: row.8, createdAt: row.9, teamID: row.10,
                        rotatedTo: row.11, revokedAt: row.12, allowedIPs: row.13))
            }
            return keys
        }
    }
}
