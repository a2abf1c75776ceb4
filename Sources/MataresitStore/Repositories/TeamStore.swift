import Foundation
import Logging
import PostgresNIO

/// Team roles, as in the existing service.
public enum TeamRole: String, Sendable, CaseIterable {
    case owner, admin, member, viewer
}

/// Teams and their members.
public struct TeamStore: Sendable {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// Creates a team owned by `ownerID` (who becomes its `owner` member), or returns the team with that slug.
    public func createOrFind(name: String, slug: String, ownerID: UUID) async throws -> UUID {
        return try await StoreError.wrapping {
            return try await client.withTransaction(logger: logger) { connection in
                try await connection.query(
                    """
                    INSERT INTO teams (name, slug, owner_id) VALUES (\(name), \(slug), \(ownerID))
                    ON CONFLICT (slug) DO NOTHING
                    """, logger: logger)
                var teamID: UUID?
                let rows = try await connection.query("SELECT id FROM teams WHERE slug = \(slug)", logger: logger)
                for try await id in rows.decode(UUID.self) { teamID = id }
                guard let teamID else { throw StoreError.notFound("team") }
                try await connection.query(
                    """
                    INSERT INTO team_members (team_id, user_id, role) VALUES (\(teamID), \(ownerID), 'owner')
                    ON CONFLICT (team_id, user_id) DO NOTHING
                    """, logger: logger)
                return teamID
            }
        }
    }

    /// Adds a member, or changes the role of an existing one.
    public func setMember(teamID: UUID, userID: UUID, role: TeamRole) async throws {
        try await StoreError.wrapping {
            try await client.query(
                """
                INSERT INTO team_members (team_id, user_id, role) VALUES (\(teamID), \(userID), \(role.rawValue))
                ON CONFLICT (team_id, user_id) DO UPDATE SET role = EXCLUDED.role, updated_at = now()
                """, logger: logger)
        }
    }

    /// The user's role in the team, or nil when not a member.
    public func role(teamID: UUID, userID: UUID) async throws -> TeamRole? {
        return try await StoreError.wrapping {
            let rows = try await client.query(
                "SELECT role FROM team_members WHERE team_id = \(teamID) AND user_id = \(userID)", logger: logger)
            for try await role in rows.decode(String.self) { return TeamRole(rawValue: role) }
            return nil
        }
    }
}
