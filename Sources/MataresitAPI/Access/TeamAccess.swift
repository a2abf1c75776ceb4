import Foundation
import MataresitStore

/// Team-role checks shared by every resource: membership gives read access, roles give the rest.
struct TeamAccess: Sendable {
    let teams: any TeamRepository

    /// Roles that may create and edit team data.
    static let contributors: Set<TeamRole> = [.owner, .admin, .member]
    /// Roles that administer a team.
    static let administrators: Set<TeamRole> = [.owner, .admin]

    /// The caller's role in the team; 403 when not a member.
    func requireMember(_ teamID: UUID, userID: UUID) async throws -> TeamRole {
        guard let role = try await teams.role(teamID: teamID, userID: userID) else { throw Self.notMember }
        return role
    }

    /// The caller's role in the team; 403 unless it is one of `roles`.
    @discardableResult
    func require(_ roles: Set<TeamRole>, in teamID: UUID, userID: UUID) async throws -> TeamRole {
        let role = try await requireMember(teamID, userID: userID)
        guard roles.contains(role) else {
            throw APIError(
                status: .forbidden, code: .accessDenied,
                message: "This action needs the team role \(roles.map(\.rawValue).sorted().joined(separator: " or "))")
        }
        return role
    }

    static let notMember = APIError(status: .forbidden, code: .accessDenied, message: "Not a member of this team")
}
