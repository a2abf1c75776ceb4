import Foundation
import Testing

@Suite("CLI: teams create and add-member change the database and leave an admin audit trail")
struct TeamsCommandTests {
    /// Runs `mataresit ARGS` against the test database; its exit status and output.
    static func mataresit(_ arguments: [String], database: TestDatabase, children: ChildProcesses) async throws
        -> (status: Int32?, output: String)
    {
        let child = try children.start(
            "mataresit-\(arguments.prefix(2).joined(separator: "-"))-\(UUID().uuidString.prefix(6))",
            ChildProcesses.mataresitExecutable, arguments,
            environment: [
                "DATABASE_URL": database.configuration.url, "API_KEY_ENCRYPTION_KEY": RunningSystem.encryptionSecret,
                "KAFKA_BROKERS": ""
            ])
        let status = await children.exitStatus(of: child)
        return (status, children.output(of: child))
    }

    @Test("create a team, add a member, refuse bad input without changing anything")
    func teamLifecycle() async throws {
        try await TestDatabase.with { database in
            let children = try ChildProcesses()
            func run(_ arguments: String...) async throws -> (status: Int32?, output: String) {
                try await Self.mataresit(arguments, database: database, children: children)
            }
            #expect(try await run("users", "create", "--email", "owner@example.com", "--tier", "pro").status == 0)
            #expect(try await run("users", "create", "--email", "mate@example.com").status == 0)
            let created = try await run("teams", "create", "--name", "Finance Team!", "--owner", "owner@example.com")
            #expect(created.status == 0, "\(created.output)")
            let line = try #require(created.output.split(separator: "\n").first { $0.hasPrefix("team ") })
            let teamID = String(line.split(separator: " ")[1])
            #expect(line.hasSuffix("slug=finance-team"))

            let added = try await run(
                "teams", "add-member", "--team", teamID, "--email", "mate@example.com", "--role", "admin")
            #expect(added.status == 0, "\(added.output)")
            #expect(
                try await database.scalar(
                    "SELECT count(*) FROM team_members WHERE team_id = \(UUID(uuidString: teamID)!) AND role IN ('owner', 'admin')"
                ) == 2)

            let membersBefore = try await database.scalar("SELECT count(*) FROM team_members")
            #expect(try await run("teams", "add-member", "--team", teamID, "--email", "nobody@example.com").status != 0)
            #expect(
                try await run("teams", "add-member", "--team", "not-a-uuid", "--email", "mate@example.com").status != 0)
            #expect(
                try await run("teams", "add-member", "--team", teamID, "--email", "mate@example.com", "--role", "boss")
                    .status != 0)
            #expect(try await run("teams", "create", "--name", "!!!", "--owner", "owner@example.com").status != 0)
            #expect(try await database.scalar("SELECT count(*) FROM team_members") == membersBefore)
            #expect(try await database.scalar("SELECT count(*) FROM teams") == 1)

            #expect(
                try await database.scalar(
                    "SELECT count(*) FROM audit_logs WHERE chain = 'admin' AND action IN ('teams.create', 'teams.add_member')"
                ) == 2)

            // A role change at the command line is audited as the API audits it; the same role again changes nothing.
            let demoted = try await run(
                "teams", "add-member", "--team", teamID, "--email", "mate@example.com", "--role", "viewer")
            #expect(demoted.status == 0, "\(demoted.output)")
            let again = try await run(
                "teams", "add-member", "--team", teamID, "--email", "mate@example.com", "--role", "viewer")
            #expect(again.status == 0, "\(again.output)")
            #expect(
                try await database.scalar(
                    """
                    SELECT count(*) FROM audit_logs WHERE chain = 'admin' AND action = 'teams.update_member_role'
                    AND details->>'old_role' = 'admin' AND details->>'new_role' = 'viewer' AND target_id = \(teamID)
                    """) == 1)
            #expect(
                try await database.scalar(
                    "SELECT count(*) FROM audit_logs WHERE action IN ('teams.add_member', 'teams.update_member_role')")
                    == 2, "the repeated role recorded nothing")
            #expect(try await run("audit", "verify").status == 0)
        }
    }
}
