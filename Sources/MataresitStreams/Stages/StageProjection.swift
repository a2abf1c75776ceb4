import Logging
import MataresitCore
import PostgresNIO

/// The stage-specific half of a stage: how decoded events become table writes.
/// The runner owns everything else (consuming, batching, offsets, fencing, retries).
public protocol StageProjection: Sendable {
    associatedtype Prepared: Sendable

    /// Outside the transaction: the pure projection plus idempotent preparations (partitions, key look-ups).
    func prepare(_ events: [EventEnvelope]) async throws -> Prepared

    /// Inside the stage transaction, after the offsets advanced with their epochs checked.
    /// Returns the number of rows written.
    func write(_ prepared: Prepared, on connection: PostgresConnection, logger: Logger) async throws -> Int
}
