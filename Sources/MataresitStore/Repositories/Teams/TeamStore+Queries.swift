import Foundation
import PostgresNIO

extension TeamStore {
    static let summaryColumns = """
        t.id, t.name, t.description, t.status, (SELECT count(*) FROM team_members m WHERE m.team_id = t.id),
        t.created_at, t.updated_at, t.settings::text, t.owner_id
        """

    /// The ids of the teams the user belongs to.
    public func teamIDs(userID: UUID) async throws -> [UUID] {
        return try await StoreError.wrapping {
            let rows = try await client.query(
                "SELECT team_id FROM team_members WHERE user_id = \(userID) ORDER BY team_id", logger: logger)
            var ids: [UUID] = []
            for try await id in rows.decode(UUID.self) { ids.append(id) }
            return ids
        }
    }

    /// The user's teams with their role, join time and receipt and claim counts, oldest membership first.
    public func memberships(userID: UUID) async throws -> [TeamMembership] {
        return try await StoreError.wrapping {
            let rows = try await client.query(
                """
                SELECT \(unescaped: Self.summaryColumns), me.role, me.joined_at,
                       (SELECT count(*) FROM receipts r WHERE r.team_id = t.id),
                       (SELECT count(*) FROM claims c WHERE c.team_id = t.id)
                FROM team_members me JOIN teams t ON t.id = me.team_id
                WHERE me.user_id = \(userID) ORDER BY me.joined_at, t.id
                """, logger: logger)
            var teams: [TeamMembership] = []
            for try await row in rows {
                let cells = row.makeRandomAccess()
                teams.append(
                    TeamMembership(
                        team: try Self.decodeSummary(row), role: try cells[9].decode(String.self),
                        joinedAt: try cells[10].decode(Date.self), receiptCount: try cells[11].decode(Int.self),
                        claimCount: try cells[12].decode(Int.self)))
            }
            return teams
        }
    }

    /// One team, or nil.
    public func summary(teamID: UUID) async throws -> TeamSummary? {
        return try await StoreError.wrapping {
            try await client.query(
                "SELECT \(unescaped: Self.summaryColumns) FROM teams t WHERE t.id = \(teamID)", logger: logger
            ).first(Self.decodeSummary)
        }
    }

    /// The team's members, owners first, then by join time.
    public func members(teamID: UUID) async throws -> [TeamMemberRow] {
        return try await StoreError.wrapping {
            let rows = try await client.query(
                """
                SELECT m.id, m.user_id, u.email, NULLIF(trim(concat_ws(' ', u.first_name, u.last_name)), ''), m.role,
                       m.joined_at, m.permissions::text
                FROM team_members m JOIN users u ON u.id = m.user_id
                WHERE m.team_id = \(teamID)
                ORDER BY array_position(ARRAY['owner', 'admin', 'member', 'viewer'], m.role), m.joined_at, m.id
                """, logger: logger)
            var members: [TeamMemberRow] = []
            for try await row in rows.decode((UUID, UUID, String, String?, String, Date, String).self) {
                members.append(
                    TeamMemberRow(
                        id: row.0, userID: row.1, email: row.2, fullName: row.3, role: row.4, joinedAt: row.5,
                        permissions: row.6))
            }
            return members
        }
    }

    static func decodeSummary(_ row: PostgresRow) throws -> TeamSummary {
        let cells = row.makeRandomAccess()
        return TeamSummary(
            id: try cells[0].decode(UUID.self), name: try cells[1].decode(String.self),
            description: try cells[2].decode(String?.self), status: try cells[3].decode(String.self),
            memberCount: try cells[4].decode(Int.self), createdAt: try cells[5].decode(Date.self),
            updatedAt: try cells[6].decode(Date.self), settings: try cells[7].decode(String.self),
            ownerID: try cells[8].decode(UUID.self))
    }
}
