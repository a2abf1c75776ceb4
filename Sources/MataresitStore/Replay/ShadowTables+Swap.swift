import Logging
import PostgresNIO

extension ShadowTables {
    /// Inside the caller's transaction: moves the live tables out and the shadow tables into `public`, with their
    /// partitions, and re-points the views that read them. Readers wait on the lock and then see the new tables;
    /// none ever sees a half-built one. Day partitions the live table has and the shadow lacks are created first,
    /// so a live stage that cached "partition exists" keeps working after the swap.
    public func swap(on connection: PostgresConnection, logger: Logger) async throws {
        var views: [(name: String, definition: String)] = []
        for table in tables { views += try await dependentViews(of: table, on: connection, logger: logger) }
        try await lockForSwap(
            views.map(\.name) + tables.map { qualified("public", $0) }, on: connection, logger: logger)
        let retired = schema + "_retired"
        try await connection.query("DROP SCHEMA IF EXISTS \(unescaped: quoted(retired)) CASCADE", logger: logger)
        try await connection.query("CREATE SCHEMA \(unescaped: quoted(retired))", logger: logger)
        for table in tables { try await copyMissingPartitions(of: table, on: connection, logger: logger) }
        for table in tables {
            try await move(table, from: "public", to: retired, on: connection, logger: logger)
            try await move(table, from: schema, to: "public", on: connection, logger: logger)
        }
        for view in views {
            try await connection.query(
                "CREATE OR REPLACE VIEW \(unescaped: view.name) AS \(unescaped: view.definition)", logger: logger)
        }
        try await connection.query("DROP SCHEMA \(unescaped: quoted(retired)) CASCADE", logger: logger)
        try await connection.query("DROP SCHEMA \(unescaped: quoted(schema)) CASCADE", logger: logger)
    }

    /// Takes the swap's exclusive locks without ever deadlocking a reader. Locking a view also locks the tables it
    /// reads, so with two views over one table the swap can hold the table while it waits for the second view,
    /// whose reader waits for the table: Postgres would kill one side with 40P01 after `deadlock_timeout` (1 s).
    /// Instead each attempt waits at most 200 ms, well under that; on a timeout it gives back what it took
    /// (rollback to a savepoint), lets the readers finish, and tries again.
    private func lockForSwap(_ relations: [String], on connection: PostgresConnection, logger: Logger) async throws {
        let attempts = 100
        for attempt in 1...attempts {
            try await connection.query("SAVEPOINT swap_locks", logger: logger)
            try await connection.query("SET LOCAL lock_timeout = '200ms'", logger: logger)
            do {
                try await connection.query(
                    "LOCK TABLE \(unescaped: relations.joined(separator: ", ")) IN ACCESS EXCLUSIVE MODE",
                    logger: logger)
                try await connection.query("SET LOCAL lock_timeout = 0", logger: logger)
                try await connection.query("RELEASE SAVEPOINT swap_locks", logger: logger)
                return
            } catch  where StoreError.sqlState(of: error) == "55P03" && attempt < attempts {
                try await connection.query("ROLLBACK TO SAVEPOINT swap_locks", logger: logger)
                logger.debug("swap lock busy, retrying", metadata: ["attempt": "\(attempt)"])
                try await Task.sleep(for: .milliseconds(Int.random(in: 10...50)))
            }
        }
    }

    /// A table and its partitions change schema together (partitions do not follow their parent on their own).
    private func move(
        _ table: String, from source: String, to target: String, on connection: PostgresConnection, logger: Logger
    )
        async throws
    {
        for child in try await partitions(of: qualified(source, table), on: connection, logger: logger) {
            try await connection.query(
                "ALTER TABLE \(unescaped: qualified(source, child.name)) SET SCHEMA \(unescaped: quoted(target))",
                logger: logger)
        }
        try await connection.query(
            "ALTER TABLE \(unescaped: qualified(source, table)) SET SCHEMA \(unescaped: quoted(target))", logger: logger
        )
    }

    private func copyMissingPartitions(of table: String, on connection: PostgresConnection, logger: Logger) async throws
    {
        let existing = Set(
            try await partitions(of: qualified(schema, table), on: connection, logger: logger).map(\.name))
        for child in try await partitions(of: qualified("public", table), on: connection, logger: logger)
        where !existing.contains(child.name) && ShadowTables.isIdentifier(child.name) {
            try await connection.query(
                """
                CREATE TABLE \(unescaped: qualified(schema, child.name)) PARTITION OF \(unescaped: qualified(schema, table))
                \(unescaped: child.bound)
                """, logger: logger)
        }
    }

    private func partitions(of parent: String, on connection: PostgresConnection, logger: Logger) async throws
        -> [(name: String, bound: String)]
    {
        let rows = try await connection.query(
            """
            SELECT c.relname::text, pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = \(parent)::regclass
            """, logger: logger)
        var found: [(String, String)] = []
        for try await (name, bound) in rows.decode((String, String).self) { found.append((name, bound)) }
        return found
    }

    /// Views of `public` reading the live table, with their definitions (names unqualified: `public` is on the path).
    private func dependentViews(of table: String, on connection: PostgresConnection, logger: Logger) async throws
        -> [(name: String, definition: String)]
    {
        let rows = try await connection.query(
            """
            SELECT DISTINCT v.oid::regclass::text, pg_get_viewdef(v.oid)
            FROM pg_depend d JOIN pg_rewrite r ON r.oid = d.objid JOIN pg_class v ON v.oid = r.ev_class
            WHERE d.classid = 'pg_rewrite'::regclass AND d.refobjid = \(qualified("public", table))::regclass
              AND v.relkind = 'v' AND v.oid <> \(qualified("public", table))::regclass
            ORDER BY 1
            """, logger: logger)
        var views: [(String, String)] = []
        for try await (name, definition) in rows.decode((String, String).self) {
            views.append(
                (
                    name,
                    String(
                        definition.trimmingCharacters(in: .whitespacesAndNewlines).dropLast(
                            definition.hasSuffix(";") ? 1 : 0))
                ))
        }
        return views
    }
}
