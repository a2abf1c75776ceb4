import Logging
import PostgresNIO

extension ShadowTables {
    /// Inside the caller's transaction: overwrites the live rows of `table` that the shadow also holds (matched on
    /// `key`) with the shadow's values, and returns how many rows changed. Rows the live table lacks are not
    /// added: retention may have dropped them on purpose, and the live stage adds the newest ones itself.
    public func reprojectInPlace(
        _ table: String, key: [String], on connection: PostgresConnection, logger: Logger
    ) async throws -> Int {
        guard tables.contains(table), key.allSatisfy(Self.isIdentifier) else {
            throw StoreError.configuration("replay: \(table) is not a table of this stage")
        }
        let columns = try await columnNames(of: table, on: connection, logger: logger).filter { !key.contains($0) }
        guard !columns.isEmpty, columns.allSatisfy(Self.isIdentifier) else {
            throw StoreError.configuration("replay: \(table) has no plain columns to re-project")
        }
        let targets = columns.map(quoted).joined(separator: ", ")
        let values = columns.map { "s." + quoted($0) }.joined(separator: ", ")
        let match = key.map { "l.\(quoted($0)) = s.\(quoted($0))" }.joined(separator: " AND ")
        let rows = try await connection.query(
            """
            WITH changed AS (
                UPDATE \(unescaped: qualified("public", table)) AS l SET (\(unescaped: targets)) = ROW(\(unescaped: values))
                FROM \(unescaped: qualified(schema, table)) AS s WHERE \(unescaped: match) RETURNING 1)
            SELECT count(*) FROM changed
            """, logger: logger)
        for try await count in rows.decode(Int.self) { return count }
        return 0
    }

    private func columnNames(of table: String, on connection: PostgresConnection, logger: Logger) async throws
        -> [String]
    {
        let rows = try await connection.query(
            """
            SELECT attname::text FROM pg_attribute
            WHERE attrelid = \(qualified("public", table))::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum
            """, logger: logger)
        var names: [String] = []
        for try await name in rows.decode(String.self) { names.append(name) }
        return names
    }
}
