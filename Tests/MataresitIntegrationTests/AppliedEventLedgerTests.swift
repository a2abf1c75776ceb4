import Foundation
import MataresitStore
import Testing

@testable import MataresitCore

@Suite("The aggregate stages' event ledger")
struct AppliedEventLedgerTests {
    static func row(daysAgo: Int64) -> AccessLogRow {
        AccessLogRow(
            eventID: UUID(), occurredAtMicros: Date().microsecondsSince1970 - daysAgo * UTCTime.microsPerDay,
            apiKeyID: nil, userID: nil, teamID: nil, endpoint: "/x", route: nil, method: "GET", statusCode: 200,
            responseTimeMs: 1, ipAddress: nil, userAgent: nil, requestBytes: 0, responseBytes: 0, errorCode: nil,
            rateLimited: false)
    }

    func record(_ rows: [AccessLogRow], stage: String = "s", in database: TestDatabase) async throws -> Set<UUID> {
        let days = Set(rows.map { UTCTime.dateText(dayNumber: UTCTime.dayNumber(micros: $0.occurredAtMicros)) })
        try await AppliedEventLedger.ensurePartitions(days: days, client: database.client, logger: database.logger)
        return try await database.client.withTransaction(logger: database.logger) { connection in
            try await AppliedEventLedger.recordNew(stage: stage, events: rows, on: connection, logger: database.logger)
        }
    }

    @Test("an event is new once per stage, also when repeated inside one batch")
    func newOncePerStage() async throws {
        try await TestDatabase.with { database in
            let rows = [Self.row(daysAgo: 0), Self.row(daysAgo: 3)]
            let first = try await record(rows + rows, in: database)
            #expect(first == Set(rows.map(\.eventID)))
            let again = try await record(rows, in: database)
            #expect(again.isEmpty)
            let otherStage = try await record(rows, stage: "other", in: database)
            #expect(otherStage.count == 2)
        }
    }

    @Test("pruning drops old days whole and then refuses their events instead of double-counting them")
    func pruning() async throws {
        try await TestDatabase.with { database in
            let old = Self.row(daysAgo: 10), recent = Self.row(daysAgo: 1)
            let recorded = try await record([old, recent], in: database)
            #expect(recorded.count == 2)
            let dropped = try await AppliedEventLedger.prune(
                keepDays: 5, client: database.client, logger: database.logger)
            #expect(dropped == 1)
            let repeated = try await record([old, recent], in: database)
            #expect(repeated.isEmpty, "the old duplicate is not applied again")
            let lateNew = try await record([Self.row(daysAgo: 9)], in: database)
            #expect(lateNew.isEmpty, "events behind the horizon are not applied")
            #expect(try await database.scalar("SELECT count(*) FROM stage_applied_events") == 1)
        }
    }
}
