import Foundation
import Logging
import MataresitCore
import PostgresNIO

/// Audit rows as parallel arrays for one `INSERT ... SELECT FROM unnest(...)` (optional ids as '' = NULL,
/// bytes as hex, event time as microseconds so it is stored exactly as hashed).
struct AuditInsertColumns {
    var seqs: [Int64] = []
    var eventIDs: [String] = []
    var eventTypes: [String] = []
    var actions: [String] = []
    var apiKeyIDs: [String] = []
    var userIDs: [String] = []
    var actorUserIDs: [String] = []
    var targetIDs: [String] = []
    var targetPresent: [Bool] = []
    var salts: [String] = []
    var digests: [String] = []
    var details: [String] = []
    var micros: [Int64] = []
    var previousHashes: [String] = []
    var rowHashes: [String] = []

    /// A nil `salt` stores the row pseudonymised (no salt, `pseudonymised_at` set).
    mutating func add(
        _ entry: AuditEntry, seq: Int64, salt: [UInt8]?, digest: [UInt8], previous: [UInt8], hash: [UInt8]
    ) {
        seqs.append(seq)
        eventIDs.append(entry.eventID.map { $0.uuidString } ?? "")
        eventTypes.append(entry.eventType)
        actions.append(entry.action)
        apiKeyIDs.append(entry.apiKeyID.map { $0.uuidString } ?? "")
        userIDs.append(entry.userID.map { $0.uuidString } ?? "")
        actorUserIDs.append(entry.actorUserID.map { $0.uuidString } ?? "")
        targetIDs.append(entry.targetID ?? "")
        targetPresent.append(entry.targetID != nil)
        salts.append(salt.map(AuditHash.hex) ?? "")
        digests.append(AuditHash.hex(digest))
        details.append(Self.json(entry.details))
        micros.append(entry.occurredAtMicros)
        previousHashes.append(AuditHash.hex(previous))
        rowHashes.append(AuditHash.hex(hash))
    }

    func insert(chain: String, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            INSERT INTO audit_logs (chain, seq, event_id, event_type, action, api_key_id, user_id, actor_user_id,
                target_id, personal_salt, pseudonymised_at, personal_digest, details, "timestamp", prev_hash, row_hash)
            SELECT \(chain), seq, NULLIF(event_id, '')::uuid, event_type, action, NULLIF(api_key_id, '')::uuid,
                NULLIF(user_id, '')::uuid, NULLIF(actor_user_id, '')::uuid,
                CASE WHEN target_present THEN target_id END, decode(NULLIF(salt, ''), 'hex'),
                CASE WHEN salt = '' THEN now() END, decode(digest, 'hex'),
                details::jsonb, timestamptz 'epoch' + micros * interval '1 microsecond',
                decode(prev_hash, 'hex'), decode(row_hash, 'hex')
            FROM unnest(\(seqs)::bigint[], \(eventIDs)::text[], \(eventTypes)::text[], \(actions)::text[],
                \(apiKeyIDs)::text[], \(userIDs)::text[], \(actorUserIDs)::text[], \(targetIDs)::text[],
                \(targetPresent)::boolean[], \(salts)::text[], \(digests)::text[], \(details)::text[],
                \(micros)::bigint[], \(previousHashes)::text[], \(rowHashes)::text[])
                AS u(seq, event_id, event_type, action, api_key_id, user_id, actor_user_id, target_id,
                     target_present, salt, digest, details, micros, prev_hash, row_hash)
            """, logger: logger)
    }

    /// Flat string pairs as a JSON object (read back by the verifier into the same pairs).
    static func json(_ details: [String: String]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: details, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
