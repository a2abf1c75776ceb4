import Foundation
import MataresitStore
import Testing

@testable import MataresitCore

@Suite("Store: migrations and the access-log write path")
struct StoreTests {
    @Test("migrations are recorded and applying them again changes nothing")
    func migrationsAreIdempotent() async throws {
        try await TestDatabase.with { database in
            let migrator = Migrator(client: database.client, logger: database.logger)
            let appliedAgain = try await migrator.migrate()
            let recorded = try await migrator.appliedVersions()
            #expect(appliedAgain.isEmpty)
            #expect(recorded == Set(Migration.all.map(\.version)))
        }
    }

    @Test("hostile strings survive COPY verbatim; duplicate event ids insert once")
    func hostileStringsAndDuplicates() async throws {
        try await TestDatabase.with { database in
            let hostile = [
                "tab\there", "new\nline", "back\\slash", "\\N", "quote ' \" ;DROP TABLE api_keys;--",
                "<script>alert(1)</script>", "emoji 🧾 ünïcödé", "carriage\rreturn", String(repeating: "x", count: 5_000)
            ]
            let now = Date().microsecondsSince1970
            let rows = hostile.enumerated().map { index, text in
                AccessLogRow(
                    eventID: EventID.make(), occurredAtMicros: now + Int64(index), apiKeyID: nil, userID: nil,
                    teamID: nil, endpoint: "/api/v1/\(text)", route: nil, method: "GET", statusCode: 404,
                    responseTimeMs: 1, ipAddress: "198.51.100.0", userAgent: text, requestBytes: 0, responseBytes: 10,
                    errorCode: "RESOURCE_NOT_FOUND", rateLimited: false)
            }
            try await AccessLogWriter.ensurePartitions(
                days: Set(rows.map { UTCDay.string(from: $0.timestamp) }), client: database.client,
                logger: database.logger)
            let inserted = try await database.client.withTransaction(logger: database.logger) { connection in
                let first = try await AccessLogWriter.insert(rows, on: connection, logger: database.logger)
                let again = try await AccessLogWriter.insert(rows, on: connection, logger: database.logger)
                return (first, again)
            }
            #expect(inserted.0 == .all)
            #expect(inserted.1 == .only([]), "re-inserting the same events adds nothing")
            let stored = try await database.client.query(
                "SELECT user_agent FROM api_access_logs ORDER BY \"timestamp\"", logger: database.logger)
            var agents: [String] = []
            for try await agent in stored.decode(String.self) { agents.append(agent) }
            #expect(agents == hostile)
        }
    }
}
