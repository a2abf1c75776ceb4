import Foundation
import Logging
import MataresitCore
import PostgresNIO

/// Erasure of a user (right to be forgotten), inside the erasure stage's transaction: destroys the user's data key
/// (crypto-shredding: every value sealed under it, in Kafka, the archive or anywhere, can never be opened again),
/// blanks the personal columns of their access-log rows, and removes their account with everything it owns.
public enum ErasureStore {
    /// Applies the erasure once: nil when this erasure id was applied before (a redelivered event).
    public static func erase(
        _ request: ErasureRequested, requestedAt: Date, on connection: PostgresConnection, logger: Logger
    )
        async throws -> ErasureCounts?
    {
        guard try await claim(request, requestedAt: requestedAt, on: connection, logger: logger) else { return nil }
        // Waits for audit appends in flight, and holds new ones until this commits (see ErasureAuditLock).
        try await ErasureAuditLock.takeExclusively(on: connection, logger: logger)
        let user = request.userID
        var counts = ErasureCounts()
        counts.dataKeysDestroyed = try await destroyKey(of: Subject.user(user), on: connection, logger: logger)
        counts.accessLogRowsScrubbed = try await count(
            """
            WITH scrubbed AS (
                UPDATE api_access_logs SET ip_address = NULL, user_agent = NULL
                WHERE user_id = \(user) AND (ip_address IS NOT NULL OR user_agent IS NOT NULL) RETURNING 1)
            SELECT count(*) FROM scrubbed
            """, on: connection, logger: logger)
        counts.auditRowsPseudonymised = try await AuditLogWriter.pseudonymiseActor(
            userID: user, on: connection, logger: logger)
        counts.teamsTransferred = try await transferSharedTeams(of: user, on: connection, logger: logger)
        try await countOwnedData(of: user, into: &counts, on: connection, logger: logger)
        try await connection.query("UPDATE api_keys SET created_by = NULL WHERE created_by = \(user)", logger: logger)
        counts.profiles = try await count(
            "WITH gone AS (DELETE FROM users WHERE id = \(user) RETURNING 1) SELECT count(*) FROM gone",
            on: connection, logger: logger)
        try await connection.query(
            "UPDATE gdpr_erasures SET counts = \(try jsonText(counts))::jsonb WHERE erasure_id = \(request.erasureID)",
            logger: logger)
        _ = try await AuditLogWriter.append(
            [receipt(for: request, counts: counts)], chain: AuditChains.erasure, on: connection, logger: logger)
        return counts
    }

    /// The PII-free erasure receipt: the erasure's id and counts (the erased user's id is not in it).
    static func receipt(for request: ErasureRequested, counts: ErasureCounts) -> AuditEntry {
        var details = counts.dictionary.mapValues(String.init)
        details["erasure_id"] = request.erasureID.lowercased
        return AuditEntry(
            eventID: request.erasureID, eventType: "gdpr_erasure_completed", action: "erasure_completed",
            actorUserID: request.requestedBy, details: details, occurredAtMicros: Date().microsecondsSince1970)
    }

    /// Records the erasure in the ledger; false when it was there already.
    static func claim(_ request: ErasureRequested, requestedAt: Date, on connection: PostgresConnection, logger: Logger)
        async throws -> Bool
    {
        try await count(
            """
            WITH claimed AS (
                INSERT INTO gdpr_erasures (erasure_id, user_id, requested_by, reason, requested_at)
                VALUES (\(request.erasureID), \(request.userID), \(request.requestedBy), \(request.reason), \(requestedAt))
                ON CONFLICT (erasure_id) DO NOTHING RETURNING 1)
            SELECT count(*) FROM claimed
            """, on: connection, logger: logger) == 1
    }

    /// Destroys the subject's wrapped key, leaving a tombstone so that no new key is ever made for the subject.
    /// Returns 1 when a live key was destroyed.
    public static func destroyKey(of subject: String, on connection: PostgresConnection, logger: Logger) async throws
        -> Int
    {
        let live = try await count(
            "SELECT count(*) FROM subject_keys WHERE subject = \(subject) AND wrapped_key IS NOT NULL",
            on: connection, logger: logger)
        try await connection.query(
            """
            INSERT INTO subject_keys (subject, wrapped_key, destroyed_at) VALUES (\(subject), NULL, now())
            ON CONFLICT (subject) DO UPDATE
                SET wrapped_key = NULL, destroyed_at = COALESCE(subject_keys.destroyed_at, now())
            """, logger: logger)
        return live
    }

    /// Teams the user owns with other members go to the longest-standing other owner, then admin, then member.
    static func transferSharedTeams(of user: UUID, on connection: PostgresConnection, logger: Logger) async throws
        -> Int
    {
        try await count(
            """
            WITH heirs AS (
                SELECT DISTINCT ON (m.team_id) m.team_id, m.user_id
                FROM team_members m JOIN teams t ON t.id = m.team_id
                WHERE t.owner_id = \(user) AND m.user_id <> \(user)
                ORDER BY m.team_id, array_position(ARRAY['owner', 'admin', 'member', 'viewer'], m.role), m.joined_at),
            promoted AS (
                UPDATE team_members m SET role = 'owner', updated_at = now()
                FROM heirs h WHERE m.team_id = h.team_id AND m.user_id = h.user_id RETURNING 1),
            moved AS (
                UPDATE teams t SET owner_id = h.user_id, updated_at = now()
                FROM heirs h WHERE t.id = h.team_id RETURNING 1)
            SELECT count(*) FROM moved
            """, on: connection, logger: logger)
    }

    /// Counts what the account's deletion will cascade to (receipts, claims, keys, memberships, teams, categories).
    static func countOwnedData(
        of user: UUID, into counts: inout ErasureCounts, on connection: PostgresConnection, logger: Logger
    ) async throws {
        let rows = try await connection.query(
            """
            SELECT (SELECT count(*) FROM api_keys WHERE user_id = \(user)),
                   (SELECT count(*) FROM receipts WHERE user_id = \(user)),
                   (SELECT count(*) FROM claims WHERE claimant_id = \(user)),
                   (SELECT count(*) FROM team_members WHERE user_id = \(user)),
                   (SELECT count(*) FROM teams WHERE owner_id = \(user)),
                   (SELECT count(*) FROM custom_categories WHERE user_id = \(user))
            """, logger: logger)
        for try await (keys, receipts, claims, memberships, teams, categories) in rows.decode(
            (Int, Int, Int, Int, Int, Int).self)
        {
            counts.apiKeys = keys
            counts.receipts = receipts
            counts.claims = claims
            counts.teamMemberships = memberships
            counts.teamsDeleted = teams
            counts.customCategories = categories
        }
    }

    static func count(_ query: PostgresQuery, on connection: PostgresConnection, logger: Logger) async throws -> Int {
        let rows = try await connection.query(query, logger: logger)
        for try await value in rows.decode(Int.self) { return value }
        return 0
    }

    static func jsonText(_ counts: ErasureCounts) throws -> String {
        String(decoding: try JSONEncoder().encode(counts), as: UTF8.self)
    }
}
