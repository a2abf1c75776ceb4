import Foundation
import Hummingbird
import MataresitCore
import MataresitStore

/// Member administration of a team: remove one or many members, change a role. Needs `teams:write`, which only
/// `admin:all` grants, plus the caller's role owner or admin in the team. Admins manage members and viewers;
/// owners manage everyone except the team's primary owner, who can be neither removed nor demoted.
/// Each change is published as an `admin.action` event (`teams.remove_member`, `teams.update_member_role`), which
/// the audit stage appends to the audit log, as the CLI's team commands are.
struct TeamMembersController: Sendable {
    let teams: any TeamDirectoryRepository
    let access: TeamAccess
    let publisher: any EventPublishing
    let producer: String
    static let maximumBulk = 50

    init(stores: APIRepositories, publisher: any EventPublishing, producer: String) {
        teams = stores.teamDirectory
        access = TeamAccess(teams: stores.teams)
        self.publisher = publisher
        self.producer = producer
    }

    func register(on routes: VersionedRoutes) {
        routes.on(.post, "teams/{id}/remove-member", removeMember)
        routes.on(.post, "teams/{id}/bulk-remove", bulkRemove)
        routes.on(.post, "teams/{id}/update-member-role", updateRole)
        routes.on(.delete, "teams/{id}/members/{userId}", deleteMember)
    }

    @Sendable func removeMember(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (team, role, caller) = try await administeredTeam(context)
        var fields = FieldReader(try await RequestBody.jsonObject(request, context: context))
        let userID = fields.uuid("user_id")
        guard let userID else {
            throw APIError.validation(fields.problems.isEmpty ? [("user_id", "user_id is required")] : fields.problems)
        }
        try await remove(userID, from: team, callerRole: role, caller: caller)
        return try APIResponse.success(
            MemberRemoved(message: "Member removed", teamId: team.id.lowercased, userId: userID.lowercased))
    }

    @Sendable func deleteMember(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (team, role, caller) = try await administeredTeam(context)
        let userID = try context.pathID("userId")
        try await remove(userID, from: team, callerRole: role, caller: caller)
        return try APIResponse.success(
            MemberRemoved(message: "Member removed", teamId: team.id.lowercased, userId: userID.lowercased))
    }

    @Sendable func bulkRemove(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (team, role, caller) = try await administeredTeam(context)
        let body = try await RequestBody.jsonObject(request, context: context)
        guard case .array(let items)? = body["user_ids"], (1...Self.maximumBulk).contains(items.count) else {
            throw APIError.validation([("user_ids", "user_ids must be an array of 1 to \(Self.maximumBulk) user ids")])
        }
        var results: [BulkRemovalResult] = []
        for item in items {
            guard case .string(let text) = item, let userID = UUID(uuidString: text) else {
                results.append(BulkRemovalResult(userId: "\(item)", success: false, error: "Not a user id"))
                continue
            }
            do {
                try await remove(userID, from: team, callerRole: role, caller: caller)
                results.append(BulkRemovalResult(userId: userID.lowercased, success: true, error: nil))
            } catch let error as APIError {
                results.append(BulkRemovalResult(userId: userID.lowercased, success: false, error: error.message))
            }
        }
        let removed = results.filter(\.success).count
        return try APIResponse.success(
            BulkRemoval(teamId: team.id.lowercased, removed: removed, failed: results.count - removed, results: results)
        )
    }

    @Sendable func updateRole(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (team, role, caller) = try await administeredTeam(context)
        var fields = FieldReader(try await RequestBody.jsonObject(request, context: context))
        let userID = fields.uuid("user_id")
        let newRole = fields.choice("new_role", TeamRole.allCases.map(\.rawValue)).flatMap(TeamRole.init(rawValue:))
        if fields.object["user_id"] == nil { fields.fail("user_id", "user_id is required") }
        if fields.object["new_role"] == nil { fields.fail("new_role", "new_role is required") }
        guard fields.problems.isEmpty, let userID, let newRole else { throw APIError.validation(fields.problems) }
        let current = try await target(userID, in: team, callerRole: role)
        if newRole == .owner || current == .owner, role != .owner {
            throw APIError(
                status: .forbidden, code: .accessDenied, message: "Only a team owner may grant or change the owner role"
            )
        }
        guard try await teams.updateRole(teamID: team.id, userID: userID, role: newRole) else {
            throw APIError.notFound("Team member")
        }
        record(
            TeamAdminActions.memberRoleChanged(
                team: team.id, user: userID, from: current.rawValue, to: newRole.rawValue, by: caller.auditActor))
        return try APIResponse.success(
            RoleUpdated(
                teamId: team.id.lowercased, userId: userID.lowercased, oldRole: current.rawValue,
                newRole: newRole.rawValue))
    }

    /// Checks the caller may act on the member and removes them.
    func remove(_ userID: UUID, from team: TeamSummary, callerRole: TeamRole, caller: AuthenticatedCaller) async throws
    {
        let role = try await target(userID, in: team, callerRole: callerRole)
        guard try await teams.removeMember(teamID: team.id, userID: userID) else {
            throw APIError.notFound("Team member")
        }
        record(TeamAdminActions.memberRemoved(team: team.id, user: userID, role: role.rawValue, by: caller.auditActor))
    }

    /// Publishes the change for the audit log (ids and roles only, never personal data).
    func record(_ action: AdminAction) {
        publisher.publish(
            EventEnvelope(
                occurredAtMicros: Date().microsecondsSince1970, producer: producer, payload: .adminAction(action)))
    }

    /// The target's current role, when the caller may manage them: 404 when not a member, 403 when protected.
    func target(_ userID: UUID, in team: TeamSummary, callerRole: TeamRole) async throws -> TeamRole {
        guard let current = try await access.teams.role(teamID: team.id, userID: userID) else {
            throw APIError.notFound("Team member")
        }
        if userID == team.ownerID {
            throw APIError(
                status: .forbidden, code: .accessDenied,
                message: "The team's primary owner cannot be removed or demoted")
        }
        if callerRole == .admin, TeamAccess.administrators.contains(current) {
            throw APIError(
                status: .forbidden, code: .accessDenied, message: "Admins can only manage members and viewers")
        }
        return current
    }

    /// teams:read, teams:write (only `admin:all` grants it), the team, and the caller's owner or admin role.
    func administeredTeam(_ context: AppRequestContext) async throws -> (TeamSummary, TeamRole, AuthenticatedCaller) {
        let caller = try context.requireCaller(with: .teamsRead)
        guard Scope.adminAll.isSatisfied(by: caller.key.scopes) else {
            throw APIError(
                status: .forbidden, code: .insufficientPermissions, message: "Insufficient permissions for teams:write")
        }
        guard let team = try await teams.summary(teamID: try context.pathID("id")) else {
            throw APIError.notFound("Team")
        }
        let role = try await access.require(TeamAccess.administrators, in: team.id, userID: caller.userID)
        return (team, role, caller)
    }
}

struct MemberRemoved: Encodable {
    let message: String
    let teamId: String
    let userId: String
}

struct BulkRemovalResult: Encodable {
    let userId: String
    let success: Bool
    let error: String?

    enum CodingKeys: String, CodingKey { case userId = "user_id", success, error }
}

struct BulkRemoval: Encodable {
    let teamId: String
    let removed: Int
    let failed: Int
    let results: [BulkRemovalResult]
}

struct RoleUpdated: Encodable {
    let teamId: String
    let userId: String
    let oldRole: String
    let newRole: String
}
