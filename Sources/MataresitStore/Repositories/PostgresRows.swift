import Foundation
import Logging
import PostgresNIO

extension PostgresRowSequence {
    /// The first row made into a value by `decode`; nil when there is none.
    func first<Value>(_ decode: (PostgresRow) throws -> Value) async throws -> Value? {
        for try await row in self { return try decode(row) }
        return nil
    }
}

extension PostgresClient {
    /// Deletes the row of `table` with this id (rows that reference it with `ON DELETE CASCADE` go with it); false
    /// when there was none. `table` is a name written in this codebase, never input.
    func deleteRow(from table: String, id: UUID, logger: Logger) async throws -> Bool {
        let rows = try await query("DELETE FROM \(unescaped: table) WHERE id = \(id) RETURNING id", logger: logger)
        for try await _ in rows.decode(UUID.self) { return true }
        return false
    }
}
