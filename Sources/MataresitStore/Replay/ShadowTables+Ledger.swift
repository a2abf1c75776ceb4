import Logging
import PostgresNIO

extension ShadowTables {
    /// Runs `body` on `connection` with this shadow first on the search path (for the rest of the transaction's
    /// statements until it returns), so that a projection's unqualified table names land in the shadow.
    public func within<T>(
        on connection: PostgresConnection, logger: Logger, _ body: () async throws -> T
    ) async throws -> T {
        try await connection.query("SELECT set_config('search_path', \(searchPath.1), true)", logger: logger)
        let value = try await body()
        try await connection.query("SELECT set_config('search_path', 'public', true)", logger: logger)
        return value
    }

    /// The live event-ledger rows of `stage` become the shadow's, so events already in the new aggregates are never
    /// counted again when the live stage meets them.
    public func replaceLedger(of stage: String, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("DELETE FROM public.stage_applied_events WHERE stage = \(stage)", logger: logger)
        try await connection.query(
            """
            SELECT public.ensure_stage_applied_partition(day) FROM (
                SELECT DISTINCT day FROM "\(unescaped: schema)".stage_applied_events WHERE stage = \(stage)) AS days
            """, logger: logger)
        try await connection.query(
            """
            INSERT INTO public.stage_applied_events (stage, event_id, day)
            SELECT stage, event_id, day FROM "\(unescaped: schema)".stage_applied_events
            WHERE stage = \(stage) AND day >= (SELECT pruned_before FROM public.stage_dedupe_horizon)
            ON CONFLICT DO NOTHING
            """, logger: logger)
    }
}
