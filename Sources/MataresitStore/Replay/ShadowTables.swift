import Logging
import PostgresNIO

/// The shadow copy of a stage's tables that a replay builds: the same table names in a schema of its own
/// (`replay_<stage>`), so the projections' unqualified SQL writes there when that schema leads the
/// `search_path`. ``swap(on:logger:)`` then moves them into `public` in the caller's transaction.
///
/// Tables shared between stages (`stage_offsets`, the event ledger) are never swapped: the shadow gets its own
/// ledger for de-duplication during the build, and the live offsets stay (the swap happens exactly at them).
public struct ShadowTables: Sendable {
    public static let shared: Set<String> = ["stage_offsets", "stage_applied_events", "stage_dedupe_horizon"]

    public let schema: String
    /// The stage's own tables, swapped whole.
    public let tables: [String]
    /// Whether the stage de-duplicates through the event ledger (its shadow needs a ledger of its own).
    public let usesLedger: Bool

    /// `tables` as declared in `streams/`; names must be plain lower-case SQL identifiers.
    public init(stage: String, tables: [String]) throws {
        let name = "replay_" + stage.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "_" }
        guard Self.isIdentifier(name), tables.allSatisfy(Self.isIdentifier) else {
            throw StoreError.configuration("stage \(stage): table names must be plain SQL identifiers")
        }
        schema = String(name)
        self.tables = tables.filter { !Self.shared.contains($0) }
        usesLedger = tables.contains("stage_applied_events")
    }

    /// The startup parameter that makes a client's unqualified names resolve to the shadow first.
    public var searchPath: (String, String) { ("search_path", "\(schema), public") }

    /// Drops any earlier shadow and creates empty copies of the tables (columns, defaults, indexes, partitioning).
    public func create(client: PostgresClient, logger: Logger) async throws {
        try await drop(client: client, logger: logger)
        try await client.query("CREATE SCHEMA \(unescaped: quoted(schema))", logger: logger)
        let copies = tables + (usesLedger ? ["stage_applied_events", "stage_dedupe_horizon"] : [])
        for table in copies {
            let partitioning = try await partitionKey(of: "public", table, client: client, logger: logger)
            try await client.query(
                """
                CREATE TABLE \(unescaped: qualified(schema, table)) (LIKE \(unescaped: qualified("public", table)) INCLUDING ALL)
                \(unescaped: partitioning.map { "PARTITION BY " + $0 } ?? "")
                """, logger: logger)
        }
        if usesLedger {
            try await client.query(
                """
                INSERT INTO \(unescaped: qualified(schema, "stage_dedupe_horizon"))
                SELECT * FROM public.stage_dedupe_horizon
                """, logger: logger)
        }
    }

    public func drop(client: PostgresClient, logger: Logger) async throws {
        try await client.query("DROP SCHEMA IF EXISTS \(unescaped: quoted(schema)) CASCADE", logger: logger)
    }

    static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.first, first == "_" || ("a"..."z").contains(first) else { return false }
        return name.count <= 63 && name.allSatisfy { $0 == "_" || ("a"..."z").contains($0) || ("0"..."9").contains($0) }
    }

    func quoted(_ identifier: String) -> String { "\"" + identifier + "\"" }

    func qualified(_ schema: String, _ table: String) -> String { quoted(schema) + "." + quoted(table) }

    /// `RANGE ("timestamp")` for a partitioned table, nil otherwise (read from the catalog).
    func partitionKey(of schema: String, _ table: String, client: PostgresClient, logger: Logger) async throws
        -> String?
    {
        let name = qualified(schema, table)
        let rows = try await client.query("SELECT pg_get_partkeydef(\(name)::regclass)", logger: logger)
        for try await key in rows.decode(String?.self) { return key }
        return nil
    }
}
