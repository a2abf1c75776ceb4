import Logging
import MataresitCore
import MataresitKafka
import MataresitStore
import MataresitStreams
import PostgresNIO

/// `mataresit replay`: builds the stage's projection over a client whose `search_path` leads with the shadow
/// schema and runs the ``ReplayEngine`` (archive, then Kafka, then the swap).
public enum StageReplay {
    public static func run(
        stage: StageSpec, pipeline: PipelineSpec, database: DatabaseConfiguration, liveClient: PostgresClient,
        keyWrapper: KeyWrapper, kafka: KafkaConfiguration?, archive: (any ArchiveStorage)?, bounds: ReplayBounds,
        progress: ReplayProgress, logger: Logger
    ) async throws -> ReplayOutcome {
        guard !stage.projections.isEmpty, stage.projections.allSatisfy(\.isReplayable) else {
            let replayable = ProjectionKind.allCases.filter(\.isReplayable).map(\.rawValue)
            throw RuntimeError.invalidArgument(
                "stage \(stage.name) cannot be replayed (replayable projections: \(replayable.joined(separator: ", ")))"
            )
        }
        let shadow = try ShadowTables(stage: stage.name, tables: stage.tables)
        var configuration = try database.clientConfiguration()
        configuration.options.additionalStartupParameters = [shadow.searchPath]
        let shadowClient = PostgresClient(configuration: configuration, backgroundLogger: logger)
        let partitions = stage.inputs.flatMap { topic in
            (0..<(pipeline.topic(named: topic)?.partitions ?? 0)).map { TopicPartition(topic: topic, partition: $0) }
        }
        return try await shadowClient.whileRunning {
            // The pipeline's redaction policy, as the live stage applies it: a replay never stores what it drops.
            let projection = RequestStageProjection(
                stage: stage.name, hosting: stage.projections, client: shadowClient,
                subjectKeys: SubjectKeyStore(client: shadowClient, wrapper: keyWrapper, logger: logger),
                policy: pipeline.redactionPolicy, logger: logger)
            return try await ReplayEngine(
                stage: stage, partitions: partitions, projection: projection, shadow: shadow,
                shadowClient: shadowClient, liveClient: liveClient,
                archive: archive.map(ArchiveReader.init(storage:)), kafka: kafka, bounds: bounds,
                progress: progress, logger: logger
            ).run()
        }
    }
}
