import Foundation
import MataresitCore
import MataresitStore
import PostgresNIO
import Testing

@Suite("Audit log hash chain in Postgres")
struct AuditLogTests {
    static func entry(user: UUID = UUID(), actor: UUID? = nil, target: String? = nil, at micros: Int64? = nil)
        -> AuditEntry
    {
        AuditEntry(
            eventID: UUID(), eventType: "admin_action", action: "users.set_tier", apiKeyID: UUID(), userID: user,
            actorUserID: actor, targetID: target, details: ["tier": "pro", "target_type": "user"],
            occurredAtMicros: micros ?? Date().microsecondsSince1970)
    }

    @discardableResult
    func append(_ entries: [AuditEntry], chain: String = AuditChains.stage, in database: TestDatabase) async throws
        -> Int
    {
        try await database.client.withTransaction(logger: database.logger) { connection in
            try await AuditLogWriter.append(entries, chain: chain, on: connection, logger: database.logger).count
        }
    }

    func verify(_ database: TestDatabase) async throws -> AuditVerification {
        try await AuditChainVerifier(client: database.client, logger: database.logger, pageSize: 3).verify()
    }

    func brokenLink(_ database: TestDatabase) async throws -> AuditBrokenLink? {
        try await verify(database).chains.compactMap(\.broken).first
    }

    @Test("an intact chain over several batches and pages verifies; repeated events are appended once")
    func intactAndIdempotent() async throws {
        try await TestDatabase.with { database in
            let first = (0..<4).map { _ in Self.entry() }, second = (0..<3).map { _ in Self.entry() }
            #expect(try await append(first, in: database) == 4)
            #expect(try await append(second + first + second, in: database) == 3)
            try await append([Self.entry()], chain: AuditChains.erasure, in: database)
            let verification = try await verify(database)
            #expect(verification.isIntact)
            #expect(verification.chains.map(\.chain) == [AuditChains.stage, AuditChains.erasure].sorted())
            #expect(verification.chains.map(\.rowsChecked).sorted() == [1, 7])
        }
    }

    @Test("an UPDATE of a row is reported at that row")
    func updateDetected() async throws {
        try await TestDatabase.with { database in
            try await append((0..<6).map { _ in Self.entry() }, in: database)
            try await database.client.query(
                "UPDATE audit_logs SET details = '{\"tier\": \"max\", \"target_type\": \"user\"}' WHERE seq = 4",
                logger: database.logger)
            let broken = try #require(try await brokenLink(database))
            #expect(broken.seq == 4)
            #expect(broken.reason.contains("row_hash"))
        }
    }

    @Test("an UPDATE of a personal field of a row that was not pseudonymised is reported")
    func personalUpdateDetected() async throws {
        try await TestDatabase.with { database in
            try await append((0..<3).map { _ in Self.entry() }, in: database)
            try await database.client.query(
                "UPDATE audit_logs SET user_id = gen_random_uuid() WHERE seq = 2", logger: database.logger)
            let broken = try #require(try await brokenLink(database))
            #expect(broken.seq == 2)
            #expect(broken.reason.contains("personal"))
        }
    }

    @Test("a DELETE in the middle is reported as a gap after the previous row")
    func deleteDetected() async throws {
        try await TestDatabase.with { database in
            try await append((0..<6).map { _ in Self.entry() }, in: database)
            try await database.client.query("DELETE FROM audit_logs WHERE seq = 3", logger: database.logger)
            let broken = try #require(try await brokenLink(database))
            #expect(broken.seq == 4)
            #expect(broken.expected == "3")
        }
    }

    @Test("deleting the newest rows is reported against the chain head")
    func tailDeleteDetected() async throws {
        try await TestDatabase.with { database in
            try await append((0..<4).map { _ in Self.entry() }, in: database)
            try await database.client.query("DELETE FROM audit_logs WHERE seq = 4", logger: database.logger)
            let broken = try #require(try await brokenLink(database))
            #expect(broken.rowID == nil)
        }
    }

    @Test("reordering two rows (swapping their seqs) is reported")
    func reorderDetected() async throws {
        try await TestDatabase.with { database in
            try await append((0..<5).map { _ in Self.entry() }, in: database)
            for (from, to) in [(2, -1), (3, 2), (-1, 3)] {  // (chain, seq) is unique: swap through a free seq
                try await database.client.query(
                    "UPDATE audit_logs SET seq = \(to) WHERE seq = \(from)", logger: database.logger)
            }
            let broken = try #require(try await brokenLink(database))
            #expect(broken.seq == 2)
        }
    }

    @Test("pseudonymising a user blanks their fields everywhere and the chain still verifies")
    func pseudonymise() async throws {
        try await TestDatabase.with { database in
            let erased = UUID(), other = UUID()
            try await append(
                [
                    Self.entry(user: erased), Self.entry(user: other, actor: erased),
                    Self.entry(user: other, target: erased.uuidString.uppercased()), Self.entry(user: other)
                ],
                in: database)
            let changed = try await database.client.withTransaction(logger: database.logger) { connection in
                try await AuditLogWriter.pseudonymiseActor(userID: erased, on: connection, logger: database.logger)
            }
            #expect(changed == 3)
            #expect(try await verify(database).isIntact)
            #expect(
                try await database.scalar(
                    """
                    SELECT count(*) FROM audit_logs WHERE user_id = \(erased) OR actor_user_id = \(erased)
                        OR lower(target_id) = \(erased.uuidString.lowercased())
                    """) == 0)
            #expect(try await database.scalar("SELECT count(*) FROM audit_logs WHERE user_id = \(other)") == 3)
            #expect(try await database.scalar("SELECT count(*) FROM audit_logs WHERE personal_salt IS NULL") == 3)
        }
    }

    @Test("retention drops an old prefix, moves the anchor, and the rest verifies; a newer row stops the prefix")
    func prunePrefix() async throws {
        try await TestDatabase.with { database in
            let now = Date().microsecondsSince1970, day: Int64 = 86_400_000_000
            let ages: [Int64] = [400, 390, 10, 380, 5]
            try await append(ages.map { Self.entry(at: now - $0 * day) }, in: database)
            let cutoff = Date().addingTimeInterval(-365 * 86_400)
            let deleted = try await database.client.withTransaction(logger: database.logger) { connection in
                try await AuditLogWriter.pruneBefore(cutoff, on: connection, logger: database.logger)
            }
            #expect(deleted == 2, "the row 380 days old stays: it follows a newer one")
            #expect(try await verify(database).isIntact)
            try await append([Self.entry()], in: database)
            #expect(try await verify(database).isIntact)
            try await database.client.query("DELETE FROM audit_logs WHERE seq = 3", logger: database.logger)
            #expect(try await brokenLink(database)?.seq == 4, "dropping the new oldest row is still detected")
        }
    }
}
