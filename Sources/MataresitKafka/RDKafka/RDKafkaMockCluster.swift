import CRDKafka
import Logging

/// Owns a librdkafka mock cluster (`rd_kafka_mock_cluster_t`) and the client handle it needs for
/// bookkeeping; destroys the cluster in `deinit`, before the client.
final class RDKafkaMockCluster: Sendable {
    private let client: RDKafkaClient
    private let cluster: UnsafeSendablePointer
    let bootstrapServers: String

    init(brokers: Int32, logger: Logger) throws(KafkaError) {
        let client = try RDKafkaClient(
            kind: .producer,
            properties: [("client.id", "mataresit-mock-cluster")],
            context: RDKafkaCallbackContext(logger: logger)
        )
        guard let cluster = rd_kafka_mock_cluster_new(client.raw, brokers) else {
            throw KafkaError(code: .creationFailed, operation: "create mock cluster")
        }
        self.client = client
        self.cluster = UnsafeSendablePointer(raw: cluster)
        self.bootstrapServers = String(cString: rd_kafka_mock_cluster_bootstraps(cluster))
    }

    deinit {
        rd_kafka_mock_cluster_destroy(cluster.raw)
    }

    /// Creates a topic with replication factor 1; an existing topic is fine.
    func createTopic(_ name: String, partitions: Int32) throws(KafkaError) {
        let error = rd_kafka_mock_topic_create(cluster.raw, name, partitions, 1)
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR || error == RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS else {
            throw KafkaError(error, operation: "create mock topic \(name)")
        }
    }

    /// Takes a broker down (connections closed and refused) or brings it back up.
    func setBroker(_ brokerID: Int32, down: Bool) -> KafkaError? {
        let error =
            down
            ? rd_kafka_mock_broker_set_down(cluster.raw, brokerID) : rd_kafka_mock_broker_set_up(cluster.raw, brokerID)
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
            return KafkaError(error, operation: "set mock broker \(brokerID) \(down ? "down" : "up")")
        }
        return nil
    }
}
