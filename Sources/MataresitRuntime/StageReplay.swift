import Logging
import MataresitCore
import MataresitKafka
import MataresitStore
import MataresitStreams
import PostgresNIO

/// `mataresit replay`: builds the stage's projection over a client whose `search_path` leads with the shadow
/// schema and runs the ``ReplayEngine`` (archive, then Kafka, then the swap).
public enum StageReplay {
    public static let replayable: Set<String> = ["access_log", "usage_summary", "rate_limit_stats"]

    public static func run(
        stage: StageSpec, pipeline: PipelineSpec, database: DatabaseConfiguration, liveClient: PostgresClient,
        keyWrapper: KeyWrapper, kafka: KafkaConfiguration?, archiveDirectory: String?, bounds: ReplayBounds,
        progress: ReplayProgress, logger: Logger
    ) async throws -> ReplayOutcome {
        guard replayable.contains(stage.projection) else {
            throw RuntimeError.invalidArgument(
                "stage \(stage.name) cannot be replayed (replayable projections: \(replayable.sorted().joined(separator: ", ")))")
        }
        let shadow = try ShadowTables(stage: stage.name, tables: stage.tables)
        var configuration = try database.clientConfiguration()
        configuration.options.additionalStartupParameters = [shadow.searchPath]
        let shadowClient = PostgresClient(configuration: configuration, backgroundLogger: logger)
        let partitions = stage.inputs.flatMap { topic in
            (0..<(pipeline.topic(named: topic)?.partitions ?? 0)).map { TopicPartition(topic: topic, partition: $0) }
        }
        return try await shadowClient.whileRunning {
            func engine<P: StageProjection>(_ projection: P) -> ReplayEngine<P> {
                ReplayEngine(
                    stage: stage, partitions: partitions, projection: projection, shadow: shadow,
                    shadowClient: shadowClient, liveClient: liveClient,
                    archive: archiveDirectory.map(ArchiveReader.init(directory:)), kafka: kafka, bounds: bounds,
                    progress: progress, logger: logger)
            }
            switch stage.projection {
            case "access_log":
                let keys = SubjectKeyStore(client: shadowClient, wrapper: keyWrapper, logger: logger)
                return try await engine(AccessLogStageProjection(client: shadowClient, subjectKeys: keys, logger: logger)).run()
            case "usage_summary":
                return try await engine(UsageSummaryStageProjection(stage: stage.name, client: shadowClient, logger: logger)).run()
            default:
                return try await engine(RateLimitStatsStageProjection(stage: stage.name, client: shadowClient, logger: logger)).run()
            }
        }
    }
}
