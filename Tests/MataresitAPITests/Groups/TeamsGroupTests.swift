import Foundation
import MataresitCore
import MataresitStore
import Testing

/// `/teams` reads and member administration in process: refusals first (no admin:all, too low a role, a foreign
/// team, the protected primary owner), then what owners and admins may do.
@Suite("Teams group (in process)")
struct TeamsGroupTests {
    let api: InProcessAPI
    let owner = UUID(), admin = UUID(), member = UUID(), viewer = UUID(), outsider = UUID()
    let team: UUID

    init() throws {
        api = try InProcessAPI()
        team = api.teamDirectory.create("Finance", owner: owner)
        for (user, role) in [(admin, TeamRole.admin), (member, .member), (viewer, .viewer)] {
            api.teams.add(user, to: team, as: role)
        }
        for user in [owner, admin, member, viewer, outsider] { api.users.add(user, email: "\(user.lowercased)@x.test") }
    }

    var adminActions: [AdminAction] {
        api.publisher.published.compactMap { if case .adminAction(let action) = $0.payload { action } else { nil } }
    }

    func roleOf(_ user: UUID) async throws -> TeamRole? { try await api.teams.role(teamID: team, userID: user) }

    func remove(_ user: UUID, by key: APIKeySecret) async throws -> Int {
        try await api.send(
            .post, "/api/v1/teams/\(team.lowercased)/remove-member", key: key,
            json: #"{"user_id":"\#(user.lowercased)"}"#
        ).status
    }

    @Test("without admin:all even the team's owner cannot remove or re-role members")
    func teamsWriteNeedsAdminAll() async throws {
        let ownerKey = api.keys.seed(userID: owner, scopes: Scope.allButAdmin)
        #expect(try await remove(member, by: ownerKey) == 403)
        let reRole = try await api.send(
            .post, "/api/v1/teams/\(team.lowercased)/update-member-role", key: ownerKey,
            json: #"{"user_id":"\#(member.lowercased)","new_role":"admin"}"#)
        #expect(reRole.status == 403)
        #expect(try await roleOf(member) == .member)
        #expect(adminActions.isEmpty)
    }

    @Test("admin:all does not lift team roles: a member, a viewer and an outsider are refused")
    func rolesStillApply() async throws {
        for user in [member, viewer, outsider] {
            let key = api.keys.seed(userID: user, scopes: Scope.allCases)
            #expect(try await remove(admin, by: key) == 403)
        }
        #expect(try await roleOf(admin) == .admin)
        let outsiderKey = api.keys.seed(userID: outsider, scopes: Scope.allCases)
        let base = "/api/v1/teams/\(team.lowercased)"
        for path in [base, base + "/members", base + "/receipts", base + "/stats"] {
            #expect(try await api.send(.get, path, key: outsiderKey).status == 403, "\(path)")
        }
        #expect(adminActions.isEmpty)
    }

    @Test("admins manage members and viewers only; nobody removes or demotes the primary owner")
    func protectedMembers() async throws {
        let adminKey = api.keys.seed(userID: admin, scopes: Scope.allCases)
        let ownerKey = api.keys.seed(userID: owner, scopes: Scope.allCases)
        #expect(try await remove(owner, by: adminKey) == 403)
        #expect(try await remove(owner, by: ownerKey) == 403)
        let grant = try await api.send(
            .post, "/api/v1/teams/\(team.lowercased)/update-member-role", key: adminKey,
            json: #"{"user_id":"\#(member.lowercased)","new_role":"owner"}"#)
        #expect(grant.status == 403)
        #expect(try await roleOf(owner) == .owner)
        #expect(try await roleOf(member) == .member)
    }

    @Test("the owner removes a member: their team keys go, other keys stay, one admin.action with ids only")
    func ownerRemovesMember() async throws {
        let ownerKey = api.keys.seed(userID: owner, scopes: Scope.allCases)
        api.keys.seed(userID: member, scopes: [.receiptsRead], teamID: team)
        api.keys.seed(userID: member, scopes: [.receiptsRead])
        #expect(try await remove(member, by: ownerKey) == 200)
        #expect(try await roleOf(member) == nil)
        let memberKeys = api.keys.all.filter { $0.userID == member }
        #expect(memberKeys.count == 1 && memberKeys.first?.summary.teamID == nil)
        let action = try #require(adminActions.first)
        #expect(adminActions.count == 1 && action.action == "teams.remove_member")
        #expect(action.attributes == ["user_id": member.lowercased, "role": "member"])
        #expect(try await remove(member, by: ownerKey) == 404)
    }

    @Test("bulk removal reports each id; role changes answer old and new role")
    func bulkAndRoles() async throws {
        let ownerKey = api.keys.seed(userID: owner, scopes: Scope.allCases)
        let bulk = try await api.send(
            .post, "/api/v1/teams/\(team.lowercased)/bulk-remove", key: ownerKey,
            json: #"{"user_ids":["\#(viewer.lowercased)","\#(owner.lowercased)","nope"]}"#)
        #expect(bulk.status == 200)
        #expect(bulk.data["removed"] as? Int == 1 && bulk.data["failed"] as? Int == 2)
        let changed = try await api.send(
            .post, "/api/v1/teams/\(team.lowercased)/update-member-role", key: ownerKey,
            json: #"{"user_id":"\#(member.lowercased)","new_role":"admin"}"#)
        #expect(changed.status == 200 && changed.data["oldRole"] as? String == "member")
        #expect(try await roleOf(member) == .admin)
    }

    @Test("members read the team, its members, receipts and stats")
    func reads() async throws {
        let viewerKey = api.keys.seed(userID: viewer, scopes: [.teamsRead, .receiptsRead])
        var new = NewReceipt(merchant: "Team Lunch", date: "2026-11-02", total: 40)
        new.teamID = team
        _ = try await api.receipts.create(new, userID: member, monthlyLimit: nil)
        let base = "/api/v1/teams/\(team.lowercased)"
        let list = try await api.send(.get, "/api/v1/teams", key: viewerKey)
        #expect(list.status == 200 && list.body.contains("Finance"))
        #expect(try await api.send(.get, base + "/members", key: viewerKey).body.contains(owner.lowercased))
        #expect(try await api.send(.get, base + "/receipts", key: viewerKey).body.contains("Team Lunch"))
        #expect(try await api.send(.get, base + "/stats", key: viewerKey).status == 200)
        let noScope = api.keys.seed(userID: viewer, scopes: [.receiptsRead])
        #expect(try await api.send(.get, "/api/v1/teams", key: noScope).status == 403)
    }

    @Test("bad bodies and ids are 400 and change nothing")
    func badInput() async throws {
        let ownerKey = api.keys.seed(userID: owner, scopes: Scope.allCases)
        let base = "/api/v1/teams/\(team.lowercased)"
        let answers = [
            try await api.send(.post, base + "/remove-member", key: ownerKey, json: "{}"),
            try await api.send(.post, base + "/remove-member", key: ownerKey, json: #"{"user_id":5}"#),
            try await api.send(
                .post, base + "/update-member-role", key: ownerKey,
                json: #"{"user_id":"\#(member.lowercased)","new_role":"emperor"}"#),
            try await api.send(.post, base + "/bulk-remove", key: ownerKey, json: #"{"user_ids":[]}"#),
            try await api.send(.get, "/api/v1/teams/not-a-team", key: ownerKey)
        ]
        #expect(answers.map(\.status) == [400, 400, 400, 400, 400])
        #expect(try await roleOf(member) == .member)
    }
}
