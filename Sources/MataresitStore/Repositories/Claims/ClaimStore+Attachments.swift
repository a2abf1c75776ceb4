import Foundation
import PostgresNIO

extension ClaimStore {
    /// Appends a `{type:"receipt", receiptId, url, metadata:{merchant,date,total,currency}}` attachment for each
    /// receipt not attached yet, and records it in the audit trail. Nil when the claim is gone.
    public func attach(receiptIDs: [UUID], to claimID: UUID, actorID: UUID) async throws -> Claim? {
        try await change(claimID: claimID, actorID: actorID, action: "receipts_attached", receiptIDs: receiptIDs) {
            """
            UPDATE claims c SET updated_at = now(), attachments = c.attachments || COALESCE((
                SELECT jsonb_agg(jsonb_build_object(
                    'type', 'receipt', 'receiptId', r.id::text, 'url', r.image_url,
                    'metadata', jsonb_build_object(
                        'merchant', r.merchant, 'date', r.date::text, 'total', r.total, 'currency', r.currency))
                    ORDER BY r.date, r.id)
                FROM receipts r
                WHERE r.id = ANY(\(receiptIDs))
                  AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(c.attachments) a
                                  WHERE a ->> 'receiptId' = r.id::text)), '[]'::jsonb)
            WHERE c.id = \(claimID)
            RETURNING \(unescaped: Self.columns)
            """
        }
    }

    /// Removes the receipt attachments with these ids (other attachments stay). Nil when the claim is gone.
    public func detach(receiptIDs: [UUID], from claimID: UUID, actorID: UUID) async throws -> Claim? {
        let ids = receiptIDs.map { $0.uuidString.lowercased() }
        return try await change(claimID: claimID, actorID: actorID, action: "receipts_detached", receiptIDs: receiptIDs)
        {
            """
            UPDATE claims c SET updated_at = now(), attachments = COALESCE((
                SELECT jsonb_agg(a ORDER BY n) FROM jsonb_array_elements(c.attachments) WITH ORDINALITY AS t(a, n)
                WHERE NOT (a ->> 'type' = 'receipt' AND lower(a ->> 'receiptId') = ANY(\(ids)))), '[]'::jsonb)
            WHERE c.id = \(claimID)
            RETURNING \(unescaped: Self.columns)
            """
        }
    }

    private func change(
        claimID: UUID, actorID: UUID, action: String, receiptIDs: [UUID], _ query: () -> PostgresQuery
    ) async throws -> Claim? {
        let statement = query()
        return try await StoreError.wrapping {
            return try await client.withTransaction(logger: logger) { connection in
                var updated: Claim?
                for try await row in try await connection.query(statement, logger: logger) {
                    updated = try Self.decode(row)
                }
                guard let updated else { return nil }
                let comment = receiptIDs.map { $0.uuidString.lowercased() }.joined(separator: ",")
                try await Self.audit(
                    claimID: claimID, userID: actorID, action: action, from: updated.status, to: updated.status,
                    comment: comment, on: connection, logger: logger)
                return updated
            }
        }
    }
}
