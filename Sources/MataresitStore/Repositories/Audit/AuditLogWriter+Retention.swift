import Foundation
import Logging
import PostgresNIO

extension AuditLogWriter {
    /// For every chain, drops the longest prefix of rows with event time before `cutoff` (stopping at the first newer
    /// row, so nothing younger than the cutoff goes) and moves the chain's anchor to the last dropped row, so the
    /// rest still verifies. Archive the rows first. Returns the rows deleted.
    public static func pruneBefore(_ cutoff: Date, on connection: PostgresConnection, logger: Logger) async throws
        -> Int
    {
        let rows = try await connection.query(
            """
            WITH heads AS (
                SELECT h.chain, h.anchor_seq,
                    COALESCE((SELECT min(a.seq) FROM audit_logs a WHERE a.chain = h.chain AND a."timestamp" >= \(cutoff)),
                             h.last_seq + 1) - 1 AS cut_seq
                FROM audit_chain_heads h FOR UPDATE
            ), anchored AS (
                UPDATE audit_chain_heads h SET anchor_seq = a.seq, anchor_hash = a.row_hash, updated_at = now()
                FROM heads, audit_logs a
                WHERE h.chain = heads.chain AND heads.cut_seq > heads.anchor_seq
                  AND a.chain = heads.chain AND a.seq = heads.cut_seq
                RETURNING h.chain, a.seq
            ), deleted AS (
                DELETE FROM audit_logs d USING anchored WHERE d.chain = anchored.chain AND d.seq <= anchored.seq
                RETURNING 1
            )
            SELECT count(*) FROM deleted
            """, logger: logger)
        for try await count in rows.decode(Int.self) { return count }
        return 0
    }
}
