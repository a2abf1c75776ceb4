import Foundation
import PostgresNIO

extension TeamStore {
    /// Removes the member and deletes their API keys bound to this team, in one transaction (as the existing
    /// service's member removal does). False when the user was not a member.
    public func removeMember(teamID: UUID, userID: UUID) async throws -> Bool {
        return try await StoreError.wrapping {
            return try await client.withTransaction(logger: logger) { connection in
                let rows = try await connection.query(
                    "DELETE FROM team_members WHERE team_id = \(teamID) AND user_id = \(userID) RETURNING id",
                    logger: logger)
                var removed = false
                for try await _ in rows.decode(UUID.self) { removed = true }
                if removed {
                    try await connection.query(
                        "DELETE FROM api_keys WHERE team_id = \(teamID) AND user_id = \(userID)", logger: logger)
                }
                return removed
            }
        }
    }

    /// Changes an existing member's role; false when the user is not a member.
    public func updateRole(teamID: UUID, userID: UUID, role: TeamRole) async throws -> Bool {
        return try await StoreError.wrapping {
            let rows = try await client.query(
                """
                UPDATE team_members SET role = \(role.rawValue), updated_at = now()
                WHERE team_id = \(teamID) AND user_id = \(userID) RETURNING id
                """, logger: logger)
            for try await _ in rows.decode(UUID.self) { return true }
            return false
        }
    }
}
