/// One partition of one topic.
public struct TopicPartition: Hashable, Sendable, CustomStringConvertible {
    /// The topic name.
    public let topic: String
    /// The partition number, from 0.
    public let partition: Int32

    /// Creates a topic partition.
    public init(topic: String, partition: Int32) {
        self.topic = topic
        self.partition = partition
    }

    /// `topic[partition]`, for logs.
    public var description: String { "\(topic)[\(partition)]" }
}
