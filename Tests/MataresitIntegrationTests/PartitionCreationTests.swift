import Foundation
import MataresitStore
import PostgresNIO
import Testing

/// Day partitions are created on demand by every stage worker and by replays, concurrently.
@Suite("Day partition creation")
struct PartitionCreationTests {
    /// `count` consecutive days from `first` days after 2030-01-01, as `yyyy-MM-dd`.
    static func days(from first: Int, count: Int) -> [String] {
        let start = DateComponents(
            calendar: Calendar(identifier: .gregorian), timeZone: TimeZone(identifier: "UTC"),
            year: 2030, month: 1, day: 1
        ).date!
        return (first..<first + count).map { offset in
            let date = start.addingTimeInterval(Double(offset) * 86_400)
            return String(
                ISO8601DateFormatter.string(
                    from: date, timeZone: TimeZone(identifier: "UTC")!,
                    formatOptions: [.withFullDate]))
        }
    }

    @Test(
        "creators of overlapping days in opposite orders neither deadlock nor fail",
        arguments: [
            "ensure_access_log_partition", "ensure_stage_applied_partition"
        ])
    func concurrentCreators(function: String) async throws {
        try await TestDatabase.with { database in
            for round in 0..<8 {
                let days = Self.days(from: round * 6, count: 6)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for creator in 0..<4 {
                        let order = creator % 2 == 0 ? days : days.reversed()
                        group.addTask {
                            do {
                                _ = try await database.client.query(
                                    "SELECT \(unescaped: function)(day::date) FROM unnest(\(order)::text[]) AS day",
                                    logger: database.logger
                                ).collect()
                            } catch {
                                throw ReflectedError(error)
                            }
                        }
                    }
                    try await group.waitForAll()
                }
            }
            let parent = function == "ensure_access_log_partition" ? "api_access_logs" : "stage_applied_events"
            let created = try await database.scalar(
                """
                SELECT count(*) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                WHERE i.inhparent = \(parent)::regclass AND c.relname LIKE '%\\_203%'
                """)
            #expect(created == 48)
        }
    }

    @Test("a schema ahead on the search path gets its own partition although the public one exists")
    func shadowSchemaGetsItsOwn() async throws {
        try await TestDatabase.with { database in
            let day = Self.days(from: 100, count: 1)[0], suffix = day.replacingOccurrences(of: "-", with: "")
            _ = try await database.client.query(
                "SELECT ensure_stage_applied_partition(\(day)::date)", logger: database.logger
            )
            .collect()
            try await database.client.withTransaction(logger: database.logger) { connection in
                for statement: PostgresQuery in [
                    "CREATE SCHEMA shadow_test",
                    "CREATE TABLE shadow_test.stage_applied_events (stage text, event_id uuid, day date) PARTITION BY RANGE (day)",
                    "CREATE TABLE shadow_test.stage_dedupe_horizon AS SELECT * FROM public.stage_dedupe_horizon",
                    "SET LOCAL search_path = shadow_test, public",
                    "SELECT ensure_stage_applied_partition(\(day)::date)"
                ] {
                    _ = try await connection.query(statement, logger: database.logger).collect()
                }
            }
            let found = try await database.scalar(
                """
                SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relname = \("stage_applied_events_" + suffix) AND n.nspname IN ('public', 'shadow_test')
                """)
            #expect(found == 2)
        }
    }
}
