import Foundation
import PostgresNIO

extension ClaimStore {
    /// Applies `changes` if the claim's status is still `expectedStatus` (nil when it changed meanwhile or is
    /// gone). A status change stamps its time columns and adds an audit row, in the same transaction.
    public func update(id: UUID, expectedStatus: String, _ changes: ClaimChanges, actorID: UUID) async throws -> Claim?
    {
        return try await StoreError.wrapping {
            var sql = SQLBuilder()
            var set = ["updated_at = now()"]
            if let title = changes.title { set.append("title = \(try sql.bind(title))") }
            if let description = changes.description {
                set.append("description = \(try sql.bind(description))::text")
            }
            if let amount = changes.amount { set.append("amount = \(try sql.bind(amount))") }
            if let currency = changes.currency { set.append("currency = \(try sql.bind(currency))") }
            if let category = changes.category { set.append("category = \(try sql.bind(category))::text") }
            if let priority = changes.priority { set.append("priority = \(try sql.bind(priority))") }
            if let status = changes.status, status != expectedStatus {
                set += try Self.statusAssignments(status, reason: changes.rejectionReason, actorID: actorID, &sql)
            }
            let text = """
                UPDATE claims SET \(set.joined(separator: ", "))
                WHERE id = \(try sql.bind(id)) AND status = \(try sql.bind(expectedStatus))
                RETURNING \(Self.columns)
                """
            let query = sql.query(text)
            return try await client.withTransaction(logger: logger) { connection in
                var updated: Claim?
                for try await row in try await connection.query(query, logger: logger) {
                    updated = try Self.decode(row)
                }
                guard let updated else { return nil }
                let action = updated.status == expectedStatus ? "updated" : "status_changed"
                try await Self.audit(
                    claimID: id, userID: actorID, action: action, from: expectedStatus, to: updated.status,
                    comment: changes.comment, on: connection, logger: logger)
                return updated
            }
        }
    }

    /// The columns a move to `status` sets: back to draft clears `submitted_at` (the table requires it),
    /// every other status keeps or stamps it; reviews and approvals record who and when.
    static func statusAssignments(_ status: String, reason: String?, actorID: UUID, _ sql: inout SQLBuilder) throws
        -> [String]
    {
        var set = ["status = \(try sql.bind(status))"]
        set.append(status == "draft" ? "submitted_at = NULL" : "submitted_at = COALESCE(submitted_at, now())")
        if ["under_review", "approved", "rejected"].contains(status) {
            set.append("reviewed_at = now()")
            set.append("reviewed_by = \(try sql.bind(actorID))")
        }
        if status == "approved" {
            set.append("approved_at = now()")
            set.append("approved_by = \(try sql.bind(actorID))")
        }
        if status == "rejected" { set.append("rejection_reason = \(try sql.bind(reason))::text") }
        return set
    }
}
