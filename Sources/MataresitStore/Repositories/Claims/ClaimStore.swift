import Foundation
import Logging
import PostgresNIO

/// `claims`, read and written for the API (which checks team roles first).
public struct ClaimStore: Sendable {
    let client: PostgresClient
    let logger: Logger

    static let columns = """
        id, team_id, claimant_id, title, description, amount, currency, category, priority, status, submitted_at,
        reviewed_by, reviewed_at, approved_by, approved_at, rejection_reason, metadata::text, attachments::text,
        created_at, updated_at
        """

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// The claim with this id, or nil.
    public func find(id: UUID) async throws -> Claim? {
        return try await StoreError.wrapping {
            try await client.query("SELECT \(unescaped: Self.columns) FROM claims WHERE id = \(id)", logger: logger)
                .first { try Self.decode($0) }
        }
    }

    /// Inserts a draft claim and its `created` audit row.
    public func create(_ claim: NewClaim, claimantID: UUID) async throws -> Claim {
        return try await StoreError.wrapping {
            return try await client.withTransaction(logger: logger) { connection in
                let rows = try await connection.query(
                    """
                    INSERT INTO claims (team_id, claimant_id, title, description, amount, currency, category, priority,
                                        attachments)
                    VALUES (\(claim.teamID), \(claimantID), \(claim.title), \(claim.description), \(claim.amount),
                            \(claim.currency), \(claim.category), \(claim.priority), \(claim.attachments)::jsonb)
                    RETURNING \(unescaped: Self.columns)
                    """, logger: logger)
                var created: Claim?
                for try await row in rows { created = try Self.decode(row) }
                guard let created else { throw StoreError.database(summary: "insert returned no row") }
                try await Self.audit(
                    claimID: created.id, userID: claimantID, action: "created", from: nil, to: created.status,
                    comment: nil, on: connection, logger: logger)
                return created
            }
        }
    }

    /// Deletes the claim (its audit trail goes with it); false when it did not exist.
    public func delete(id: UUID) async throws -> Bool {
        return try await StoreError.wrapping {
            try await client.deleteRow(from: "claims", id: id, logger: logger)
        }
    }

    /// The claim's audit trail, oldest first.
    public func auditTrail(claimID: UUID) async throws -> [ClaimAuditEntry] {
        return try await StoreError.wrapping {
            let rows = try await client.query(
                """
                SELECT id, action, old_status, new_status, comment, created_at, user_id FROM claim_audit_trail
                WHERE claim_id = \(claimID) ORDER BY created_at, id
                """, logger: logger)
            var entries: [ClaimAuditEntry] = []
            for try await row in rows.decode((UUID, String, String?, String?, String?, Date, UUID?).self) {
                entries.append(
                    ClaimAuditEntry(
                        id: row.0, action: row.1, oldStatus: row.2, newStatus: row.3, comment: row.4,
                        createdAt: row.5, userID: row.6))
            }
            return entries
        }
    }

    static func audit(
        claimID: UUID, userID: UUID, action: String, from: String?, to: String?, comment: String?,
        on connection: PostgresConnection, logger: Logger
    ) async throws {
        try await connection.query(
            """
            INSERT INTO claim_audit_trail (claim_id, user_id, action, old_status, new_status, comment)
            VALUES (\(claimID), \(userID), \(action), \(from), \(to), \(comment))
            """, logger: logger)
    }

    static func decode(_ row: PostgresRow, countAt countIndex: Int? = nil) throws -> Claim {
        let cells = row.makeRandomAccess()
        return Claim(
            id: try cells[0].decode(UUID.self), teamID: try cells[1].decode(UUID.self),
            claimantID: try cells[2].decode(UUID.self), title: try cells[3].decode(String.self),
            description: try cells[4].decode(String?.self), amount: try cells[5].decode(Decimal.self),
            currency: try cells[6].decode(String.self), category: try cells[7].decode(String?.self),
            priority: try cells[8].decode(String.self), status: try cells[9].decode(String.self),
            submittedAt: try cells[10].decode(Date?.self), reviewedBy: try cells[11].decode(UUID?.self),
            reviewedAt: try cells[12].decode(Date?.self), approvedBy: try cells[13].decode(UUID?.self),
            approvedAt: try cells[14].decode(Date?.self), rejectionReason: try cells[15].decode(String?.self),
            metadata: try cells[16].decode(String.self), attachments: try cells[17].decode(String.self),
            createdAt: try cells[18].decode(Date.self), updatedAt: try cells[19].decode(Date.self))
    }
}
