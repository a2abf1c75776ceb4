import Logging
import MataresitCore
import MataresitKafka

/// Either the configured cluster (`KAFKA_BROKERS`) or an embedded one started in process.
public struct KafkaEndpoint: Sendable {
    public let configuration: KafkaConfiguration
    /// Kept alive for as long as the endpoint is used; nil for an external cluster.
    public let embedded: EmbeddedKafkaCluster?

    /// Connects to `kafka`'s brokers with its properties, or starts an embedded cluster when it names none; creates
    /// the pipeline's topics either way.
    public static func resolve(kafka: KafkaSettings, pipeline: PipelineSpec, clientID: String, logger: Logger)
        async throws -> KafkaEndpoint
    {
        if let configuration = kafka.configuration(clientID: clientID) {
            try await TopicProvisioner.provision(pipeline, kafka: configuration, logger: logger)
            return KafkaEndpoint(configuration: configuration, embedded: nil)
        }
        let cluster = try EmbeddedKafkaCluster(brokers: 1, logger: logger)
        try TopicProvisioner.provision(pipeline, on: cluster)
        logger.info("embedded Kafka cluster started", metadata: ["bootstrap": "\(cluster.bootstrapServers)"])
        return KafkaEndpoint(configuration: cluster.configuration(clientID: clientID), embedded: cluster)
    }
}
