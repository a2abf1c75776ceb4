import Foundation
import MataresitRuntime
import Logging
import MataresitKafka

/// The broker of a bench run: an embedded cluster in process, or `KAFKA_BROKERS`. Every topic the run creates
/// has a name of its own (`mataresit-bench-<run>.<suffix>`), so offsets start at 0 and nothing else reads it.
public final class BenchKafka: Sendable {
    public let configuration: KafkaConfiguration
    public let partitions: Int32
    public let run = String(UUID().uuidString.lowercased().prefix(8))
    private let embedded: EmbeddedKafkaCluster?
    private let logger: Logger

    public init(kafka: KafkaSettings, partitions: Int32, logger: Logger) throws {
        self.partitions = partitions
        self.logger = logger
        if let external = kafka.configuration(clientID: "mataresit-bench") {
            embedded = nil
            configuration = external
        } else {
            let cluster = try EmbeddedKafkaCluster(brokers: 1, logger: logger)
            embedded = cluster
            configuration = cluster.configuration(clientID: "mataresit-bench")
        }
    }

    /// For bench commands, which end with the process: see ``EmbeddedKafkaCluster/keepRunningUntilProcessExit()``.
    public func keepRunningUntilProcessExit() -> BenchKafka {
        embedded?.keepRunningUntilProcessExit()
        return self
    }

    /// `embedded` or the bootstrap servers.
    public var description: String { embedded == nil ? configuration.bootstrapServers : "embedded" }

    /// Creates `mataresit-bench-<run>.<suffix>` with the run's partition count and returns its name.
    public func createTopic(suffix: String) async throws -> String {
        let name = topicName(suffix: suffix)
        if let embedded {
            try embedded.createTopic(name, partitions: partitions)
        } else {
            let admin = try KafkaAdmin(configuration: configuration, logger: logger)
            try await admin.createTopics([(name: name, partitions: partitions, config: [:])], timeout: .seconds(30))
        }
        return name
    }

    /// The name `createTopic(suffix:)` gives its topic.
    public func topicName(suffix: String) -> String { "mataresit-bench-\(run).\(suffix)" }
}
