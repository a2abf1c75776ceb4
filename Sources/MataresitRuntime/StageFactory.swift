import Logging
import MataresitCore
import MataresitKafka
import MataresitStore
import MataresitStreams
import PostgresNIO
import ServiceLifecycle

/// Builds the runner of a stage from its declaration in `streams/`.
enum StageFactory {
    static func runner(
        for stage: StageSpec, kafka: KafkaConfiguration, client: PostgresClient, subjectKeys: SubjectKeyStore,
        owner: String, faults: StageFaults, logger: Logger
    ) throws -> any Service {
        let settings = StageRunner<AccessLogStageProjection>.Settings(
            stage: stage, kafka: kafka, owner: owner, faults: faults)
        switch stage.projection {
        case "access_log":
            let projection = AccessLogStageProjection(client: client, subjectKeys: subjectKeys, logger: logger)
            return StageRunner(settings: settings, projection: projection, client: client, logger: logger)
        default:
            throw RuntimeError.invalidArgument("stage \(stage.name): unknown projection \(stage.projection)")
        }
    }
}
