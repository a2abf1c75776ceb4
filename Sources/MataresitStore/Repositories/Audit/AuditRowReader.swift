import Foundation
import Logging
import MataresitCore
import PostgresNIO

/// Reads stored audit rows back exactly as they were hashed.
enum AuditRowReader {
    /// Rows of `chain` with `seq > after`, in seq order.
    static func page(chain: String, after: Int64, limit: Int, client: PostgresClient, logger: Logger) async throws
        -> [AuditStoredRow]
    {
        let rows = try await client.query(
            """
            SELECT id, seq, event_id, event_type, action, api_key_id, encode(personal_digest, 'hex'), details::text,
                (EXTRACT(EPOCH FROM "timestamp") * 1000000)::bigint, encode(prev_hash, 'hex'), encode(row_hash, 'hex'),
                encode(personal_salt, 'hex'), user_id, actor_user_id, target_id
            FROM audit_logs WHERE chain = \(chain) AND seq > \(after) ORDER BY seq LIMIT \(limit)
            """, logger: logger)
        var stored: [AuditStoredRow] = []
        for try await row in rows.decode(
            (
                Int64, Int64, UUID?, String, String, UUID?, String, String, Int64, String, String, String?, UUID?,
                UUID?,
                String?
            ).self)
        {
            let link = AuditHash.Link(
                chain: chain, seq: row.1, eventID: row.2, eventType: row.3, action: row.4, apiKeyID: row.5,
                personalDigest: AuditHash.bytes(hex: row.6) ?? [], details: details(row.7), occurredAtMicros: row.8)
            stored.append(
                AuditStoredRow(
                    id: row.0, link: link, prevHash: AuditHash.bytes(hex: row.9) ?? [],
                    rowHash: AuditHash.bytes(hex: row.10) ?? [], personalSalt: row.11.flatMap(AuditHash.bytes(hex:)),
                    userID: row.12, actorUserID: row.13, targetID: row.14))
        }
        return stored
    }

    /// The details object as string pairs; a value that is not a string (someone edited the row) is kept as its
    /// JSON text so that the hash check fails instead of the read.
    static func details(_ json: String) -> [String: String] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else {
            return ["": json]
        }
        var pairs: [String: String] = [:]
        for (key, value) in object { pairs[key] = (value as? String) ?? "\(value)" }
        return pairs
    }
}
