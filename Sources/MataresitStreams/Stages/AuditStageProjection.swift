import Logging
import MataresitCore
import MataresitStore
import PostgresNIO

/// audit: key lifecycle, security, admin and erasure events into the hash-chained `audit_logs` (one global chain,
/// see `AuditLogWriter`). Exactly once: rows, chain head and offsets commit together, and an event already in the
/// log (a duplicate or a replayed batch) is skipped by its id.
public struct AuditStageProjection: EventProjection {
    public init() {}

    public func prepare(_ events: [EventEnvelope]) async throws -> [AuditEntry] {
        events.compactMap(AuditProjection.entry(for:))
    }

    public func write(_ entries: [AuditEntry], on connection: PostgresConnection, logger: Logger) async throws -> Int {
        try await AuditLogWriter.append(entries, chain: AuditChains.stage, on: connection, logger: logger).count
    }
}
