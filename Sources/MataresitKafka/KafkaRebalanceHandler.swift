/// What a group ``KafkaConsumer`` does when the group hands it partitions or takes them away.
///
/// Both closures run while the consumer's dedicated thread waits for them, inside librdkafka's
/// rebalance callback: they must not call ``KafkaConsumer/poll(maxMessages:maxWait:)`` or
/// ``KafkaConsumer/close()`` of the same consumer (that would deadlock).
public struct KafkaRebalanceHandler: Sendable {
    /// Called when partitions are assigned, before any message of them is returned; returns where
    /// each should start. Partitions missing in the result start at ``StartPosition/beginning``.
    /// If it throws, it is retried a few times with backoff; if it still fails, no partition is
    /// assigned and every later `poll` throws ``KafkaError/Code/rebalanceHandlerFailed``.
    public var assigned: @Sendable ([TopicPartition]) async throws -> [TopicPartition: StartPosition]
    /// Called when partitions are revoked, before they are unassigned (also on ``KafkaConsumer/close()``).
    public var revoked: @Sendable ([TopicPartition]) async -> Void

    /// Creates a handler.
    public init(
        assigned: @escaping @Sendable ([TopicPartition]) async throws -> [TopicPartition: StartPosition],
        revoked: @escaping @Sendable ([TopicPartition]) async -> Void = { _ in }
    ) {
        self.assigned = assigned
        self.revoked = revoked
    }
}
