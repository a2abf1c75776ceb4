import Logging
import MataresitCore
import MataresitKafka
import MataresitStore
import PostgresNIO

/// The stage-specific half of a stage: what a batch becomes. The runner owns everything else (consuming, batching,
/// claiming partitions with fencing epochs, offsets, dead letters, retries, draining, database-outage pauses).
public protocol StageProjection: Sendable {
    associatedtype Prepared: Sendable

    /// Whether the projection keeps messages as they came (the archive): every message of a held partition reaches
    /// `prepare`, decodable or not, and nothing is dead-lettered.
    var readsRawMessages: Bool { get }

    /// Outside the transaction: the pure projection plus idempotent preparations (partitions, key look-ups, files).
    func prepare(_ batch: ProjectionBatch) async throws -> Prepared

    /// Inside the stage transaction, after the offsets advanced with their epochs checked.
    /// Returns the number of rows written.
    func write(_ prepared: Prepared, on connection: PostgresConnection, logger: Logger) async throws -> Int

    /// After the runner claimed newly assigned partitions: where to resume those the projection knows better
    /// than the stored offsets (the archive resumes after what its files hold). Default: none.
    func assigned(_ claims: [PartitionClaim]) async throws -> [TopicPartition: StartPosition]

    /// Partitions taken away by a rebalance. Default: nothing to do.
    func revoked(_ partitions: [TopicPartition])

    /// The stage stopped. Default: nothing to do.
    func stopped()
}

/// What a projection prepares from: the decoded events, and (for raw readers) the messages of held partitions with
/// each one's event time (decoded once by the runner; the broker's timestamp for a message that does not decode).
public struct ProjectionBatch: Sendable {
    public var events: [EventEnvelope]
    public var messages: [KafkaMessage]
    /// Aligned with `messages`.
    public var messageEventMicros: [Int64]

    public init(events: [EventEnvelope], messages: [KafkaMessage] = [], messageEventMicros: [Int64] = []) {
        self.events = events
        self.messages = messages
        self.messageEventMicros = messageEventMicros
    }
}

/// A projection of decoded events (every stage but the archive).
public protocol EventProjection: StageProjection {
    func prepare(_ events: [EventEnvelope]) async throws -> Prepared
}

extension EventProjection {
    public var readsRawMessages: Bool { false }
    public func prepare(_ batch: ProjectionBatch) async throws -> Prepared { try await prepare(batch.events) }
}

extension StageProjection {
    public func assigned(_ claims: [PartitionClaim]) async throws -> [TopicPartition: StartPosition] { [:] }
    public func revoked(_ partitions: [TopicPartition]) {}
    public func stopped() {}
}
