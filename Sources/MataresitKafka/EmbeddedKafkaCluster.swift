import Logging

/// librdkafka's built-in mock cluster (`rdkafka_mock.h`), running in this process on loopback
/// ports; it speaks the real Kafka protocol, so every client of this module works against it.
///
/// Limits (librdkafka 2.0.2): each partition keeps only about 5 MiB or 100,000 message sets and
/// silently drops the oldest; joining a consumer group takes about 3 s; topics are created with
/// ``createTopic(_:partitions:)`` (the mock does not serve the Admin API's CreateTopics); a
/// metadata request or a produce for an unknown topic auto-creates it with 4 partitions.
public final class EmbeddedKafkaCluster: Sendable {
    private let cluster: RDKafkaMockCluster
    private let logger: Logger

    /// Starts a cluster of `brokers` brokers, with ids from 1.
    public init(brokers: Int = 1, logger: Logger) throws {
        self.cluster = try RDKafkaMockCluster(brokers: Int32(clamping: brokers), logger: logger)
        self.logger = logger
    }

    /// The `bootstrap.servers` value to connect to.
    public var bootstrapServers: String { cluster.bootstrapServers }

    /// A client configuration for this cluster.
    public func configuration(clientID: String = "mataresit", properties: [String: String] = [:]) -> KafkaConfiguration
    {
        KafkaConfiguration(bootstrapServers: bootstrapServers, clientID: clientID, properties: properties)
    }

    /// Creates a topic (replication factor 1); creating an existing topic does nothing.
    public func createTopic(_ name: String, partitions: Int32) throws {
        try cluster.createTopic(name, partitions: partitions)
    }

    /// Keeps the cluster running until the process exits, for commands that end with the process: Kafka clients
    /// released at shutdown destroy themselves on their own threads, and one still connecting when the cluster
    /// stopped first logged "Connection refused" after the user's Ctrl-C.
    public func keepRunningUntilProcessExit() {
        _ = Unmanaged.passRetained(self)
    }

    /// Takes broker `brokerID` down (closes and refuses connections; no leader change) or back up.
    public func setBrokerDown(_ brokerID: Int32, _ down: Bool) {
        if let error = cluster.setBroker(brokerID, down: down) {
            logger.error("mock broker state change failed", metadata: ["error": "\(error)"])
        }
    }
}
