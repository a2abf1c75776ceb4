import Foundation
import Logging
import MataresitCore
import PostgresNIO

/// Appends to the audit log's hash chains inside a caller's transaction, and pseudonymises actors (erasure).
///
/// Chains: each writer appends to a named chain whose head row (`audit_chain_heads`) it locks for the rest of its
/// transaction, so links are assigned in commit order and never fork. The audit stage writes one global chain
/// (`AuditChains.stage`; its workers serialize on the head for the few milliseconds of a batch, cheap at audit
/// volumes); other writers (the erasure stage's receipts) use chains of their own so they never wait on it.
public enum AuditLogWriter {
    /// Appends `entries` in order to `chain`, inside the caller's transaction (locks the chain head until commit).
    /// Entries whose `(eventType, eventID)` is already in the log, or repeated in `entries`, are skipped, so a
    /// replayed batch appends nothing twice. Returns the entries appended.
    public static func append(
        _ entries: [AuditEntry], chain: String, on connection: PostgresConnection, logger: Logger
    ) async throws -> [AuditEntry] {
        guard !entries.isEmpty else { return [] }
        try await ErasureAuditLock.share(on: connection, logger: logger)
        var head = try await lockHead(chain: chain, on: connection, logger: logger)
        let fresh = try await unrecorded(entries, on: connection, logger: logger)
        guard !fresh.isEmpty else { return [] }
        let erased = try await ErasureAuditLock.erasedUsers(in: fresh, on: connection, logger: logger)
        var rows = AuditInsertColumns()
        for entry in fresh {
            let salt = AuditHash.makeSalt()
            let digest = AuditHash.personalDigest(
                salt: salt, userID: entry.userID, actorUserID: entry.actorUserID, targetID: entry.targetID)
            let link = AuditHash.Link(chain: chain, seq: head.seq + 1, entry: entry, personalDigest: digest)
            let hash = AuditHash.rowHash(previous: head.hash, link: link)
            // An entry naming an erased user is stored as that erasure left the rest: pseudonymised, salt forgotten
            // (the chain covers the digest, so it still verifies).
            if let stored = ErasureAuditLock.pseudonymised(entry, erased: erased) {
                rows.add(stored, seq: link.seq, salt: nil, digest: digest, previous: head.hash, hash: hash)
            } else {
                rows.add(entry, seq: link.seq, salt: salt, digest: digest, previous: head.hash, hash: hash)
            }
            head = (link.seq, hash)
        }
        try await rows.insert(chain: chain, on: connection, logger: logger)
        try await connection.query(
            """
            UPDATE audit_chain_heads SET last_seq = \(head.seq), last_hash = decode(\(AuditHash.hex(head.hash)), 'hex'),
                updated_at = now()
            WHERE chain = \(chain)
            """, logger: logger)
        return fresh
    }

    /// Blanks `userID` wherever it appears as a row's user, actor or target (replaced by `pseudonym` so the rows of
    /// one erasure stay linkable to each other, never to the person) and forgets those rows' salts. The chain still
    /// verifies: it covers only the personal digest. Call inside the erasure's transaction; returns rows changed.
    public static func pseudonymiseActor(
        userID: UUID, pseudonym: UUID = UUID(), on connection: PostgresConnection, logger: Logger
    ) async throws -> Int {
        let target = userID.uuidString.lowercased()
        let rows = try await connection.query(
            """
            WITH changed AS (
                UPDATE audit_logs SET
                    user_id = CASE WHEN user_id = \(userID) THEN \(pseudonym) ELSE user_id END,
                    actor_user_id = CASE WHEN actor_user_id = \(userID) THEN \(pseudonym) ELSE actor_user_id END,
                    target_id = CASE WHEN lower(target_id) = \(target) THEN \(pseudonym.uuidString.lowercased())
                        ELSE target_id END,
                    personal_salt = NULL, pseudonymised_at = COALESCE(pseudonymised_at, now())
                WHERE user_id = \(userID) OR actor_user_id = \(userID) OR lower(target_id) = \(target)
                RETURNING 1
            )
            SELECT count(*) FROM changed
            """, logger: logger)
        for try await count in rows.decode(Int.self) { return count }
        return 0
    }

    private static func lockHead(chain: String, on connection: PostgresConnection, logger: Logger) async throws
        -> (seq: Int64, hash: [UInt8])
    {
        try await connection.query(
            "INSERT INTO audit_chain_heads (chain) VALUES (\(chain)) ON CONFLICT (chain) DO NOTHING", logger: logger)
        let rows = try await connection.query(
            "SELECT last_seq, encode(last_hash, 'hex') FROM audit_chain_heads WHERE chain = \(chain) FOR UPDATE",
            logger: logger)
        for try await (seq, hash) in rows.decode((Int64, String).self) {
            return (seq, AuditHash.bytes(hex: hash) ?? AuditHash.genesis)
        }
        throw StoreError.notFound("audit chain head \(chain)")
    }

    /// The entries not yet in the log (by event type and id), first occurrence of each.
    private static func unrecorded(_ entries: [AuditEntry], on connection: PostgresConnection, logger: Logger)
        async throws -> [AuditEntry]
    {
        let ids = Array(Set(entries.compactMap(\.eventID)))
        var known = Set<String>()
        if !ids.isEmpty {
            let rows = try await connection.query(
                "SELECT event_type, event_id FROM audit_logs WHERE event_id = ANY(\(ids)::uuid[])", logger: logger)
            for try await (type, id) in rows.decode((String, UUID).self) { known.insert("\(type)/\(id)") }
        }
        return entries.filter { entry in
            guard let id = entry.eventID else { return true }
            return known.insert("\(entry.eventType)/\(id)").inserted
        }
    }
}
