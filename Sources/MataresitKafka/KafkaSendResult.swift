/// The outcome of ``KafkaProducer/send(topic:partition:key:value:)`` when it did not throw.
public enum KafkaSendResult: Sendable, Hashable {
    /// librdkafka took a copy of the message; its delivery is counted in ``KafkaProducerStatistics``.
    case enqueued
    /// librdkafka's queue is at its bound (`queue.buffering.max.messages` / `.kbytes`): nothing was
    /// enqueued; the caller keeps the message (for example in its spool) and tries again later.
    case queueFull
}
