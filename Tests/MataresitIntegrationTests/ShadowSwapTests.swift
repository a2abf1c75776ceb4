import Foundation
import Logging
import MataresitStore
import PostgresNIO
import Testing

/// The swap's locks against a reader caught between a view and its table: the case that failed CI with 40P01.
@Suite("Shadow swap locking")
struct ShadowSwapTests {
    /// Both views read `api_access_logs`. The reader holds `rate_limit_stats` (the second view the swap locks) and
    /// then reads the table, which the swap took while locking the first view. Without the swap's lock timeout
    /// this is a deadlock, and Postgres kills one side after a second.
    @Test("a reader holding the second view and then reading the table is never deadlocked by the swap")
    func readerBetweenViewAndTable() async throws {
        try await TestDatabase.with { database in
            let shadow = try ShadowTables(stage: "access-log", tables: ["api_access_logs"])
            try await shadow.create(client: database.client, logger: database.logger)
            try await database.client.withConnection { reader in
                try await reader.query("BEGIN", logger: database.logger)
                // Holds the view alone (COMMENT locks the object only, unlike a SELECT).
                try await reader.query(
                    "COMMENT ON VIEW rate_limit_stats IS 'held by the test reader'", logger: database.logger)
                let swap = Task {
                    try await database.client.withTransaction(logger: database.logger) { connection in
                        try await shadow.swap(on: connection, logger: database.logger)
                    }
                }
                let waiting = try await eventually(every: .milliseconds(20)) {
                    try await database.scalar(
                        """
                        SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
                        WHERE c.relname = 'rate_limit_stats' AND NOT l.granted
                        """) > 0
                }
                try #require(waiting, "the swap waits for the view the reader holds")
                let rows = try await reader.query("SELECT count(*) FROM api_access_logs", logger: database.logger)
                for try await count in rows.decode(Int.self) { #expect(count == 0) }
                try await reader.query("ROLLBACK", logger: database.logger)
                try await swap.value
            }
            #expect(try await database.scalar("SELECT count(*) FROM rate_limit_stats") == 0)
            #expect(try await database.scalar("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'replay_%'") == 0)
        }
    }
}
