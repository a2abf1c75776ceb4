import Foundation
import Logging
import MataresitCore
import MataresitKafka
import MataresitStore
import PostgresNIO
import ServiceLifecycle
import Synchronization

/// The archive stage: every message of its input topics, byte for byte, into zstd segments per topic partition,
/// in a folder or a bucket (``ArchiveStorage``): the stage runner (consume, claim with fencing epochs, drain, database-outage pause, fenced commit of
/// the offsets) over an ``ArchiveProjection``, which makes each batch durable before its offsets commit.
public final class ArchiveStage: Service {
    public struct Settings: Sendable {
        public var stage: StageSpec
        public var kafka: KafkaConfiguration
        public var owner: String
        /// Where segments go (`ARCHIVE_URL`).
        public var storage: any ArchiveStorage
        /// When a folder archive seals its open segment; in a bucket every batch is a sealed segment.
        public var roll: ArchiveRollPolicy
        /// How long a graceful shutdown keeps draining the topic (default 5 s).
        public var drainTimeout: Duration

        public init(
            stage: StageSpec, kafka: KafkaConfiguration, owner: String, storage: any ArchiveStorage,
            roll: ArchiveRollPolicy = ArchiveRollPolicy(), drainTimeout: Duration = .seconds(5)
        ) {
            self.stage = stage
            self.kafka = kafka
            self.owner = owner
            self.storage = storage
            self.roll = roll
            self.drainTimeout = drainTimeout
        }
    }

    private let runner: StageRunner<ArchiveProjection>
    private let projection: ArchiveProjection

    public init(settings: Settings, client: PostgresClient, logger: Logger) {
        projection = ArchiveProjection(settings: settings, client: client, logger: logger)
        let runnerSettings = StageRunner<ArchiveProjection>.Settings(
            stage: settings.stage, kafka: settings.kafka, owner: settings.owner, drainTimeout: settings.drainTimeout)
        runner = StageRunner(settings: runnerSettings, projection: projection, client: client, logger: logger)
    }

    /// Totals since start.
    public var statistics: StageCounters {
        var counters = runner.statistics
        counters.diskWriteErrors = projection.diskWriteErrors
        return counters
    }

    /// Runs until shutdown; pauses through database outages as every stage does.
    public func run() async throws { try await runner.run() }
}
