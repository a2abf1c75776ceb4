import ArgumentParser
import MataresitRuntime
import MataresitStreams

struct WorkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "work",
        abstract:
            "Run stages as a scaled worker in their consumer groups (needs DATABASE_URL, KAFKA_BROKERS, API_KEY_ENCRYPTION_KEY).",
        discussion: "Start as many workers as you like; partitions are shared among them and fenced on every rebalance."
    )

    @Option(name: .customLong("stage"), help: "A stage of streams/pipeline.yaml (repeatable); default: all stages.")
    var stages: [String] = []

    @Option(
        name: .customLong("metrics-port"),
        help: "Serve /metrics, /healthz and /readyz on HOST at this port (default: METRICS_PORT; unset: not served).")
    var metricsPort: Int?

    func run() async throws {
        let environment = try CommandEnvironment()
        let pipeline = try environment.pipeline()
        let chosen = stages.isEmpty ? pipeline.stages.map(\.name) : stages
        for name in chosen where pipeline.stage(named: name) == nil {
            throw ValidationError(
                "unknown stage '\(name)'; streams/ declares: \(pipeline.stages.map(\.name).joined(separator: ", "))")
        }
        let kafka = try await KafkaEndpoint.resolve(
            kafka: try environment.requiredKafkaSettings(), pipeline: pipeline, clientID: "mataresit-worker",
            logger: environment.logger)
        let system = MataresitSystem(
            database: try environment.requiredDatabase(), kafka: kafka.configuration, pipeline: pipeline,
            keyWrapper: try environment.requiredKeyWrapper(), instanceName: environment.settings.instanceName,
            logger: environment.logger)
        var roles = MataresitSystem.Roles(stages: chosen)
        roles.archive = try environment.settings.archive.storage()
        roles.retention = RetentionPolicy(auditDays: environment.settings.monitoring.auditRetentionDays)
        roles.maintenance = environment.settings.keyExpirySettings(pipeline: pipeline)
        if let port = metricsPort ?? environment.settings.metricsPort {
            guard (0...65535).contains(port) else { throw ValidationError("--metrics-port must be from 0 to 65535") }
            roles.operationsAddress = (environment.settings.host, port)
            roles.onOperationsRunning = { port in
                environment.logger.info("worker operations endpoints listening", metadata: ["port": "\(port)"])
            }
        }
        try await system.run(roles)
    }
}
