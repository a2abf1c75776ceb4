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

    /// Applies changes to one of the user's keys; nil when it is not theirs.
    public func update(id: UUID, userID: UUID, changes: APIKeyChanges) async throws -> APIKeySummary? {
        try await summaries(
            try await client.query(
                """
                UPDATE api_keys SET
                    name = COALESCE(\(changes.name), name),
                    description = COALESCE(\(changes.description), description),
                    scopes = COALESCE(\(changes.scopes)::text[], scopes),
                    is_active = COALESCE(\(changes.isActive), is_active),
                    expires_at = COALESCE(\(changes.expiresAt), expires_at),
                    allowed_ips = COALESCE(\(changes.allowedIPs)::text[], allowed_ips),
                    updated_at = now()
                WHERE id = \(id) AND user_id = \(userID)
                RETURNING \(unescaped: Self.summaryColumns)
                """, logger: logger)
        ).first
    }

    /// Deactivates one of the user's keys (kept for the audit trail); nil when it is not theirs.
    public func revoke(id: UUID, userID: UUID) async throws -> APIKeySummary? {
        try await summaries(
            try await client.query(
                """
                UPDATE api_keys SET is_active = false, revoked_at = COALESCE(revoked_at, now()), updated_at = now()
                WHERE id = \(id) AND user_id = \(userID)
                RETURNING \(unescaped: Self.summaryColumns)
                """, logger: logger)
        ).first
    }

    /// Replaces one of the user's active keys: stores `secret` as a new key with the same name, scopes and
    /// team, and lets the old one expire after `grace`. Returns (old, new); nil when the key is not theirs
    /// or no longer active.
    public func rotate(id: UUID, userID: UUID, secret: APIKeySecret, grace: Duration) async throws
        -> (old: APIKeySummary, new: APIKeySummary)?
    {
        let graceSeconds = Double(grace.components.seconds)
        do {
            return try await client.withTransaction(logger: logger) { connection in
                let created = try await summaries(
                    try await connection.query(
                        """
                        INSERT INTO api_keys (user_id, team_id, name, description, key_hash, key_prefix, scopes,
                                              created_by, allowed_ips)
                        SELECT user_id, team_id, name, description, \(secret.hash), \(secret.displayPrefix), scopes,
                               \(userID), allowed_ips
                        FROM api_keys WHERE id = \(id) AND user_id = \(userID) AND is_active
                        RETURNING \(unescaped: Self.summaryColumns)
                        """, logger: logger))
                guard let new = created.first else { return nil }
                let retired = try await summaries(
                    try await connection.query(
                        """
                        UPDATE api_keys SET rotated_to = \(new.id), updated_at = now(),
                            expires_at = LEAST(COALESCE(expires_at, 'infinity'), now() + make_interval(secs => \(graceSeconds)))
                        WHERE id = \(id)
                        RETURNING \(unescaped: Self.summaryColumns)
                        """, logger: logger))
                guard let old = retired.first else { throw StoreError.notFound("api key") }
                return (old, new)
            }
        } catch {
            throw StoreError.wrap(error)
        }
    }

    private func summaries(_ rows: PostgresRowSequence) async throws -> [APIKeySummary] {
        do {
            var keys: [APIKeySummary] = []
            for try await row in rows.decode(
                (UUID, String, String?, String, [String], Bool, Date?, Date?, Int, Date, UUID?, UUID?, Date?, [String]).self)
            {
                keys.append(
                    APIKeySummary(
                        id: row.0, name: row.1, description: row.2, keyPrefix: row.3, scopes: row.4, isActive: row.5,
                        expiresAt: row.6, lastUsedAt: row.7, usageCount: row.8, createdAt: row.9, teamID: row.10,
                        rotatedTo: row.11, revokedAt: row.12, allowedIPs: row.13))
            }
            return keys
        } catch {
            throw StoreError.wrap(error)
        }
    }
}
