import Logging

/// Admin operations against any cluster, real or embedded; each runs on the admin client's own
/// thread.
///
/// Against ``EmbeddedKafkaCluster`` (librdkafka 2.0.2's mock): ``createTopics(_:timeout:)`` is not
/// served (it fails with a retriable `_TIMED_OUT` after `timeout`), so use
/// ``EmbeddedKafkaCluster/createTopic(_:partitions:)`` there; and the mock speaks no Metadata v4,
/// so ``partitionCount(topic:timeout:)`` of a missing topic auto-creates it (4 partitions)
/// instead of returning `nil`.
public final class KafkaAdmin: Sendable {
    private let thread: RDKafkaThread
    private let context: RDKafkaCallbackContext

    /// Creates the admin client (it never auto-creates topics: `allow.auto.create.topics=false`).
    public init(configuration: KafkaConfiguration, logger: Logger) throws {
        context = RDKafkaCallbackContext(logger: logger)
        let client = try RDKafkaClient(
            kind: .consumer,
            properties: configuration.librdkafkaProperties(defaults: [("allow.auto.create.topics", "false")]),
            context: context
        )
        self.thread = RDKafkaThread(name: "kafka-admin", client: client)
    }

    /// The last error librdkafka reported for this client's connections (a refused connection, a failed TLS
    /// handshake or SASL authentication), if any: what explains a time-out.
    public var lastConnectionError: String? { context.lastError.withLock { $0 } }

    /// Creates topics with the broker's default replication factor; existing topics are fine
    /// (`TOPIC_ALREADY_EXISTS` is not an error). Their configuration is not compared.
    public func createTopics(_ topics: [(name: String, partitions: Int32, config: [String: String])], timeout: Duration)
        async throws
    {
        guard !topics.isEmpty else { return }
        let specs = topics.map { SendableTopicSpec(name: $0.name, partitions: $0.partitions, config: $0.config) }
        try await thread.perform("create topics") { client throws(KafkaError) in
            try RDKafkaAdminCalls.createTopics(
                client, specs.map { ($0.name, $0.partitions, $0.config) }, timeout: timeout)
        }
    }

    /// The topic's partition count, or `nil` when the topic does not exist (on brokers that
    /// honour `allow.auto.create.topics=false`, Kafka 0.11 and later).
    public func partitionCount(topic: String, timeout: Duration) async throws -> Int32? {
        try await thread.perform("partition count") { client throws(KafkaError) in
            try RDKafkaAdminCalls.partitionCount(client, topic: topic, timeout: timeout)
        }
    }

    /// The partition's low watermark (oldest kept offset) and high watermark (next offset written).
    public func watermarks(_ topicPartition: TopicPartition, timeout: Duration) async throws -> (
        low: Int64, high: Int64
    ) {
        try await thread.perform("watermarks") { client throws(KafkaError) in
            try RDKafkaAdminCalls.watermarks(client, topicPartition, timeout: timeout)
        }
    }

    private struct SendableTopicSpec: Sendable {
        let name: String
        let partitions: Int32
        let config: [String: String]
    }
}
