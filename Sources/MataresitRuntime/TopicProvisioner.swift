import Logging
import MataresitCore
import MataresitKafka

/// Creates the pipeline's topics (idempotently) with the partition counts of `streams/`.
public enum TopicProvisioner {
    /// On the embedded cluster (in process).
    public static func provision(_ pipeline: PipelineSpec, on cluster: EmbeddedKafkaCluster) throws {
        for topic in pipeline.topics { try cluster.createTopic(topic.name, partitions: topic.partitions) }
    }

    /// On any cluster, through the Admin API. Topics that already exist are left alone and not created again:
    /// the embedded broker of `mataresit broker` (librdkafka's mock) serves no CreateTopics, and it provisions
    /// the pipeline's topics itself.
    public static func provision(_ pipeline: PipelineSpec, kafka: KafkaConfiguration, logger: Logger) async throws {
        let admin = try KafkaAdmin(configuration: kafka, logger: logger)
        var missing: [TopicSpec] = []
        for topic in pipeline.topics
        where try await admin.partitionCount(topic: topic.name, timeout: .seconds(10)) == nil {
            missing.append(topic)
        }
        guard !missing.isEmpty else { return }
        try await admin.createTopics(
            missing.map {
                (name: $0.name, partitions: $0.partitions, config: ["retention.ms": "\($0.retentionHours * 3_600_000)"])
            }, timeout: .seconds(30))
    }
}
