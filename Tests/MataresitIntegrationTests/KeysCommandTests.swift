import Foundation
import PostgresNIO
import Testing

/// `mataresit keys` obeys the key policy as the operator: every scope, but a successor keeps the expiry and a
/// revoked key stays revoked (refused with exit status 1 and an audit row).
@Suite("CLI: keys rotate keeps the expiry; revoked keys are refused")
struct KeysCommandTests {
    @Test("rotate keeps the expiry, revoke is final, refusals are audited")
    func rotateAndRevoke() async throws {
        try await TestDatabase.with { database in
            let children = try ChildProcesses()
            func run(_ arguments: String...) async throws -> (status: Int32?, output: String) {
                try await TeamsCommandTests.mataresit(arguments, database: database, children: children)
            }
            let email = "keys-cli@example.com"
            #expect(try await run("users", "create", "--email", email).status == 0)
            let created = try await run(
                "keys", "create", "--email", email, "--name", "cli key", "--expires-in-days", "3")
            #expect(created.status == 0, "\(created.output)")
            let id = try #require(Self.value(after: "key id: ", in: created.output))
            let expiry = "SELECT COALESCE(extract(epoch FROM expires_at) * 1e6, 0)::bigint FROM api_keys WHERE id = "
            let before = try await database.scalar("\(unescaped: expiry)\(try #require(UUID(uuidString: id)))")

            let rotated = try await run("keys", "rotate", "--email", email, "--id", id, "--grace-hours", "1")
            #expect(rotated.status == 0, "\(rotated.output)")
            let newID = try #require(Self.value(after: "new key id: ", in: rotated.output))
            #expect(try await database.scalar("\(unescaped: expiry)\(try #require(UUID(uuidString: newID)))") == before)
            #expect(try await run("keys", "rotate", "--email", email, "--id", id).status != 0, "rotated out")

            #expect(try await run("keys", "revoke", "--email", email, "--id", newID).status == 0)
            let again = try await run("keys", "rotate", "--email", email, "--id", newID)
            #expect(again.status != 0 && again.output.contains("revoked_is_terminal"), "\(again.output)")
            #expect(try await run("keys", "revoke", "--email", email, "--id", newID).status != 0)
            #expect(try await database.scalar("SELECT count(*) FROM api_keys") == 2, "no successor of a revoked key")
            let audited = try await database.scalar(
                "SELECT count(*) FROM audit_logs WHERE chain = 'admin' AND event_type = 'security_key_policy_denied'")
            #expect(audited == 3)
            let lifecycle = try await database.client.query(
                """
                SELECT event_type || ':' || api_key_id::text || ':' || COALESCE(details->>'replaced_by', '-')
                FROM audit_logs WHERE chain = 'admin' AND event_type LIKE 'api_key_%' ORDER BY seq
                """, logger: database.logger)
            var rows: [String] = []
            for try await row in lifecycle.decode(String.self) { rows.append(row) }
            #expect(
                rows == [
                    "api_key_created:\(id):-", "api_key_rotated:\(id):\(newID)", "api_key_created:\(newID):-",
                    "api_key_revoked:\(newID):-"
                ], "the CLI records the API's lifecycle events for the same actions")
            #expect(try await run("audit", "verify").status == 0)
        }
    }

    /// The first word after `prefix` on the line that starts with it.
    static func value(after prefix: String, in output: String) -> String? {
        guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix(prefix) }) else { return nil }
        return line.dropFirst(prefix.count).split(whereSeparator: { " ;(".contains($0) }).first.map(String.init)
    }
}
