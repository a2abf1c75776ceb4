import Logging
import MataresitCore
import MataresitKafka
import MataresitStore
import MataresitStreams
import PostgresNIO
import ServiceLifecycle

/// Builds the runner of a stage from its declaration in `streams/`.
public enum StageFactory {
    public static func runner(
        for stage: StageSpec, kafka: KafkaConfiguration, client: PostgresClient, subjectKeys: SubjectKeyStore,
        owner: String, archive: any ArchiveStorage = FolderArchiveStorage(root: ".mataresit-archive"),
        redaction: RedactionPolicy = .default, logger: Logger
    ) throws -> any Service {
        func runner<P: StageProjection>(_ projection: P) -> StageRunner<P> {
            var settings = StageRunner<P>.Settings(stage: stage, kafka: kafka, owner: owner)
            settings.retentionGapCheck = RetentionGapCheck(kafka: kafka, archive: archive, logger: logger)
            return StageRunner(settings: settings, projection: projection, client: client, logger: logger)
        }
        let kinds = stage.projections
        if !kinds.isEmpty, kinds.allSatisfy(\.projectsRequests) {
            return runner(
                RequestStageProjection(
                    stage: stage.name, hosting: kinds, client: client, subjectKeys: subjectKeys, policy: redaction,
                    logger: logger))
        }
        switch kinds.first {
        case .erasure:
            return runner(ErasureStageProjection(client: client, subjectKeys: subjectKeys, logger: logger))
        case .audit:
            return runner(AuditStageProjection())
        case .archive:
            return ArchiveStage(
                settings: .init(stage: stage, kafka: kafka, owner: owner, storage: archive), client: client,
                logger: logger)
        default:
            throw RuntimeError.invalidArgument(
                "stage \(stage.name): cannot host \(stage.projectionNames.joined(separator: ", "))")
        }
    }
}
