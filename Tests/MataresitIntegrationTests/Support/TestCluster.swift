import Foundation
import Logging
import MataresitCore
import MataresitKafka

/// An embedded Kafka cluster for one test with the pipeline's topics, plus per-test names.
struct TestCluster {
    let cluster: EmbeddedKafkaCluster
    let pipeline: PipelineSpec
    /// librdkafka properties every client of the test gets on top of the defaults (a test of security settings).
    var properties: [String: String] = [:]

    init(pipeline: PipelineSpec = try! TestPipeline.load()) throws {
        cluster = try EmbeddedKafkaCluster(brokers: 1, logger: Logger(label: "test-kafka"))
        self.pipeline = pipeline
        for topic in pipeline.topics { try cluster.createTopic(topic.name, partitions: topic.partitions) }
    }

    /// Short group timeouts so a dead consumer's partitions move on quickly (the mock needs > 3 s).
    var configuration: KafkaConfiguration {
        cluster.configuration(
            clientID: "test",
            properties: ["session.timeout.ms": "6000", "heartbeat.interval.ms": "500"].merging(properties) { $1 })
    }
}

enum TestPipeline {
    /// The repository's own `streams/pipeline.yaml`.
    static func load() throws -> PipelineSpec {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return try PipelineSpec.load(path: root.appendingPathComponent("streams/pipeline.yaml").path)
    }

    /// The shipped pipeline with each request projection in a stage of its own (`access-log`, `usage-summary`,
    /// `rate-limit-stats`), as a deployment may declare them: the aggregates then keep their own event ledgers.
    static func separateStages(_ spec: PipelineSpec? = nil) throws -> PipelineSpec {
        var spec = try spec ?? load()
        guard let index = spec.stages.firstIndex(where: { $0.hosts(.accessLog) }) else { return spec }
        let shared = spec.stages.remove(at: index)
        let separate = shared.projections.map { kind in
            var stage = shared
            stage.name = kind.rawValue.replacingOccurrences(of: "_", with: "-")
            stage.group = "mataresit.\(stage.name)"
            stage.projectionNames = [kind.rawValue]
            return stage
        }
        spec.stages.insert(contentsOf: separate, at: index)
        return spec
    }

    /// The pipeline with the access-log stage's batch shrunk, so tests span several batches.
    static func withSmallBatches(_ size: Int) throws -> PipelineSpec {
        var spec = try load()
        for index in spec.stages.indices { spec.stages[index].batch.maxEvents = size }
        return spec
    }
}
