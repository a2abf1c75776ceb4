import Foundation
import MataresitCore
import MataresitStore
import Testing

/// `/teams`: list, one team, members, receipts, stats, member administration (teams:write via admin:all and
/// the owner or admin role) and the 501 stubs; isolation between teams. Each test starts from the same team
/// (``TeamFixture``) on its own database, so one failing group does not hide the others.
@Suite("Team endpoints")
struct TeamEndpointsTests {
    @Test("reads: list, one team, members, team receipts and stats; 401, 403 and 404 for outsiders")
    func reads() async throws {
        try await TeamFixture.run(stages: []) { f, system, _ in
            let (alice, carol, dave, erin, bob, noTeams, team) = (
                f.alice, f.carol, f.dave, f.erin, f.bob, f.noTeams, f.team
            )
            let list = try await system.send("GET", "/api/v1/teams", key: carol.key)
            #expect(list.status == 200)
            let teams = list.data?["teams"] as? [[String: Any]] ?? []
            #expect(list.data?["total"] as? Int == 2)
            let shared = teams.first { $0["id"] as? String == alice.teamID.lowercased }
            #expect(shared?["userRole"] as? String == "member")
            #expect(shared?["memberCount"] as? Int == 4)
            #expect(try await system.send("GET", "/api/v1/teams", key: noTeams).code == "INSUFFICIENT_PERMISSIONS")
            #expect(try await system.send("GET", "/api/v1/teams", key: nil).status == 401)

            let detail = try await system.send("GET", team, key: dave.key)
            #expect(detail.status == 200)
            #expect((detail.data?["subscription"] as? [String: Any])?["tier"] as? String == "max")
            #expect(try await system.send("GET", team, key: bob.key).code == "ACCESS_DENIED")
            #expect(try await system.send("GET", "/api/v1/teams/\(UUID())", key: bob.key).status == 404)

            let members = try await system.send("GET", "\(team)/members", key: carol.key)
            let rows = members.data?["members"] as? [[String: Any]] ?? []
            #expect(rows.first?["role"] as? String == "owner")
            #expect(
                Set(rows.compactMap { $0["email"] as? String })
                    == Set([alice, carol, dave, erin].map(\.user.email)))
            #expect(try await system.send("GET", "\(team)/members", key: bob.key).status == 403)

            for (merchant, key) in [("Team A1", alice.key), ("Team A2", carol.key), (Hostile.sql, erin.key)] {
                _ = try await system.send(
                    "POST", "/api/v1/receipts", key: key,
                    json: [
                        "merchant": merchant, "date": "2026-06-01", "total": 10, "currency": "MYR",
                        "teamId": alice.teamID.lowercased
                    ])
            }
            _ = try await system.send(
                "POST", "/api/v1/receipts", key: alice.key,
                json: ["merchant": "Private", "date": "2026-06-01", "total": 1])
            let receipts = try await system.send("GET", "\(team)/receipts?merchant=team", key: dave.key)
            #expect(receipts.status == 200)
            #expect((receipts.data?["receipts"] as? [Any])?.count == 2)
            #expect(receipts.data?["teamId"] as? String == alice.teamID.lowercased)
            #expect(try await system.send("GET", "\(team)/receipts?start_date=bad", key: dave.key).status == 400)
            #expect(try await system.send("GET", "\(team)/receipts", key: bob.key).status == 403)

            let stats = try await system.send("GET", "\(team)/stats", key: carol.key)
            #expect(stats.data?["totalReceipts"] as? Int == 3)
            #expect(number(stats.data?["totalAmount"]) == 30)
            #expect(stats.data?["currency"] as? String == "MYR")
            #expect(stats.data?["activeMembers"] as? Int == 4)
            let activity = stats.data?["recentActivity"] as? [[String: Any]] ?? []
            #expect(activity.count == 3)
            #expect(activity.first?["type"] as? String == "receipt_uploaded")
            #expect(try await system.send("GET", "\(team)/stats", key: bob.key).status == 403)

        }
    }

    @Test("member administration: remove, change role, bulk remove, delete; each refusal changes nothing; audited")
    func memberAdministration() async throws {
        try await TeamFixture.run(stages: ["audit"]) { f, system, database in
            let (alice, carol, dave, erin, bob, team) = (f.alice, f.carol, f.dave, f.erin, f.bob, f.team)
            let (aliceAdmin, erinAdmin, carolAdmin, carolTeamKey) = (
                f.aliceAdmin, f.erinAdmin, f.carolAdmin, f.carolTeamKey
            )
            let withoutScope = try await system.send(
                "POST", "\(team)/remove-member", key: alice.key, json: ["user_id": dave.user.id.lowercased])
            #expect(withoutScope.status == 403)
            #expect(withoutScope.json?["message"] as? String == "Insufficient permissions for teams:write")
            let memberRole = try await system.send(
                "POST", "\(team)/remove-member", key: carolAdmin, json: ["user_id": dave.user.id.lowercased])
            #expect(memberRole.code == "ACCESS_DENIED")
            #expect(
                try await system.send("POST", "\(team)/remove-member", key: erinAdmin, json: ["user_id": "x"])
                    .invalidFields == ["user_id"])
            #expect(
                try await system.send(
                    "POST", "\(team)/remove-member", key: erinAdmin, json: ["user_id": alice.user.id.lowercased]
                ).status == 403)
            #expect(
                try await system.send(
                    "POST", "\(team)/remove-member", key: erinAdmin, json: ["user_id": bob.user.id.lowercased]
                ).status == 404)
            let removed = try await system.send(
                "POST", "\(team)/remove-member", key: erinAdmin, json: ["user_id": dave.user.id.lowercased])
            #expect(removed.status == 200)
            #expect(try await system.send("GET", team, key: dave.key).status == 403, "dave left the team")

            let promote = try await system.send(
                "POST", "\(team)/update-member-role", key: erinAdmin,
                json: ["user_id": carol.user.id.lowercased, "new_role": "owner"])
            #expect(promote.status == 403)
            let badRole = try await system.send(
                "POST", "\(team)/update-member-role", key: erinAdmin,
                json: ["user_id": carol.user.id.lowercased, "new_role": "king"])
            #expect(badRole.invalidFields == ["new_role"])
            let demote = try await system.send(
                "POST", "\(team)/update-member-role", key: erinAdmin,
                json: ["user_id": carol.user.id.lowercased, "new_role": "viewer"])
            #expect(demote.status == 200)
            #expect(demote.data?["oldRole"] as? String == "member")
            #expect(
                try await system.send(
                    "POST", "/api/v1/receipts", key: carol.key,
                    json: ["merchant": "x", "date": "2026-01-01", "total": 1, "teamId": alice.teamID.lowercased]
                ).status == 403,
                "a viewer may not add team receipts")
            #expect(
                try await system.send(
                    "POST", "\(team)/update-member-role", key: aliceAdmin,
                    json: ["user_id": erin.user.id.lowercased, "new_role": "member"]
                ).status == 200)

            #expect(try await system.send("GET", team, key: carolTeamKey).status == 200)
            let bulk = try await system.send(
                "POST", "\(team)/bulk-remove", key: aliceAdmin,
                json: ["user_ids": [carol.user.id.lowercased, UUID().uuidString, "nope", alice.user.id.lowercased]])
            #expect(bulk.status == 200)
            #expect(bulk.data?["removed"] as? Int == 1)
            #expect(bulk.data?["failed"] as? Int == 3)
            let gone = try await awaitStatus(401) { try await system.send("GET", team, key: carolTeamKey) }
            #expect(gone.status == 401, "team keys go with the member (once the key cache expires)")
            #expect(
                try await system.send(
                    "POST", "\(team)/bulk-remove", key: aliceAdmin, json: ["user_ids": [String]()]
                ).status == 400)

            let erinPath = "\(team)/members/\(erin.user.id.lowercased)"
            #expect(
                try await system.send("DELETE", erinPath, key: erinAdmin).status == 403, "erin is only a member now"
            )
            #expect(try await system.send("DELETE", erinPath, key: aliceAdmin).status == 200)
            #expect(try await system.send("DELETE", erinPath, key: aliceAdmin).status == 404)

            // Every member change reached the audit log as an admin action: dave, carol (bulk) and erin
            // removed; carol and erin given new roles. Refused changes left nothing.
            let audited = try await eventually(timeout: .seconds(40)) {
                try await database.scalar(
                    "SELECT count(*) FROM audit_logs WHERE event_type = 'admin_action' AND action LIKE 'teams.%'")
                    == 5
            }
            #expect(audited)
            #expect(
                try await database.scalar(
                    "SELECT count(*) FROM audit_logs WHERE action = 'teams.remove_member' AND target_id = \(alice.teamID.lowercased)"
                ) == 3)
            #expect(
                try await database.scalar(
                    """
                    SELECT count(*) FROM audit_logs WHERE action = 'teams.update_member_role'
                    AND details->>'user_id' = \(carol.user.id.lowercased) AND details->>'old_role' = 'member'
                    AND details->>'new_role' = 'viewer' AND actor_user_id = \(erin.user.id)
                    """) == 1)
        }
    }

    @Test("stubs: the unimplemented team operations answer 501 NOT_IMPLEMENTED, 401 without a key")
    func stubs() async throws {
        try await TeamFixture.run(stages: []) { f, system, _ in
            let (alice, team) = (f.alice, f.team)
            for (method, path) in [
                ("POST", "/api/v1/teams"), ("DELETE", team), ("GET", "\(team)/activity"),
                ("POST", "\(team)/members"), ("GET", "\(team)/claims")
            ] {
                let stub = try await system.send(method, path, key: alice.key, json: method == "POST" ? [:] : nil)
                #expect(stub.status == 501, "\(method) \(path)")
                #expect(stub.code == "NOT_IMPLEMENTED")
            }
            #expect(try await system.send("POST", "/api/v1/teams", key: nil).status == 401)

        }
    }
}

/// Alice's team with carol (member), dave (viewer) and erin (admin); bob, outside it; the keys the tests use.
struct TeamFixture {
    let alice: TestTenant
    let carol: TestTenant
    let dave: TestTenant
    let erin: TestTenant
    let bob: TestTenant
    let aliceAdmin: APIKeySecret
    let erinAdmin: APIKeySecret
    let carolAdmin: APIKeySecret
    /// Alice's key without teams:read.
    let noTeams: APIKeySecret
    /// Carol's key bound to alice's team (teams:read only).
    let carolTeamKey: APIKeySecret
    /// `/api/v1/teams/<alice's team>`.
    var team: String { "/api/v1/teams/\(alice.teamID.lowercased)" }

    static func make(in database: TestDatabase) async throws -> TeamFixture {
        let alice = try await TestTenant.create(in: database, tier: .max)
        let carol = try await TestTenant.create(in: database, tier: .max)
        let dave = try await TestTenant.create(in: database, tier: .max)
        let erin = try await TestTenant.create(in: database, tier: .max)
        let bob = try await TestTenant.create(in: database, tier: .max)
        try await carol.join(alice.teamID, as: .member, in: database)
        try await dave.join(alice.teamID, as: .viewer, in: database)
        try await erin.join(alice.teamID, as: .admin, in: database)
        let carolTeamKey = APIKeySecret.generate(mode: .test)
        try await APIKeyStore(client: database.client, logger: database.logger).create(
            secret: carolTeamKey, userID: carol.user.id, teamID: alice.teamID, name: "team key", scopes: [.teamsRead])
        return TeamFixture(
            alice: alice, carol: carol, dave: dave, erin: erin, bob: bob,
            aliceAdmin: try await alice.key(scopes: [.adminAll], in: database),
            erinAdmin: try await erin.key(scopes: [.adminAll], in: database),
            carolAdmin: try await carol.key(scopes: [.adminAll], in: database),
            noTeams: try await alice.key(scopes: [.receiptsRead], in: database), carolTeamKey: carolTeamKey)
    }

    /// A new database with the team, and a system running `stages` over it.
    static func run(
        stages: [String], _ body: (TeamFixture, RunningSystem, TestDatabase) async throws -> Void
    ) async throws {
        try await TestDatabase.with { database in
            let fixture = try await make(in: database)
            try await RunningSystem.with(database: database, cluster: try TestCluster(), stages: stages) { system in
                try await body(fixture, system, database)
            }
        }
    }
}
