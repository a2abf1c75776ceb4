/// One consumed message; key and value are copied out of librdkafka.
public struct KafkaMessage: Sendable {
    /// The topic it was read from.
    public let topic: String
    /// The partition it was read from.
    public let partition: Int32
    /// Its offset in that partition.
    public let offset: Int64
    /// Its key, `nil` when it had none.
    public let key: [UInt8]?
    /// Its value (empty for a tombstone).
    public let value: [UInt8]
    /// Its timestamp in milliseconds since 1970, `nil` when the broker gave none.
    public let timestampMs: Int64?

    /// Creates a message (for in-memory twins and tests).
    public init(topic: String, partition: Int32, offset: Int64, key: [UInt8]?, value: [UInt8], timestampMs: Int64?) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.key = key
        self.value = value
        self.timestampMs = timestampMs
    }

    /// Where the message was read from.
    public var topicPartition: TopicPartition { TopicPartition(topic: topic, partition: partition) }
}
