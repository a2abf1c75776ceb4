import ArgumentParser
import MataresitAPI
import MataresitKafka
import MataresitRuntime

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the HTTP API only (needs DATABASE_URL, KAFKA_BROKERS and API_KEY_ENCRYPTION_KEY).")

    @Option(help: "HTTP port (default: PORT or 8080).")
    var port: Int?

    func run() async throws {
        let environment = try CommandEnvironment()
        let settings = environment.settings
        let pipeline = try environment.pipeline()
        let kafka = try await KafkaEndpoint.resolve(
            kafka: try environment.requiredKafkaSettings(), pipeline: pipeline, clientID: "mataresit-api",
            logger: environment.logger)
        let system = MataresitSystem(
            database: try environment.requiredDatabase(), kafka: kafka.configuration, pipeline: pipeline,
            keyWrapper: try environment.requiredKeyWrapper(), instanceName: settings.instanceName,
            logger: environment.logger)
        var roles = MataresitSystem.Roles(
            api: settings.apiConfiguration(port: port),
            onAPIRunning: { port in emitLine("MATARESIT_URL=http://\(settings.host):\(port)") })
        roles.spoolDirectory = settings.spoolDirectory
        roles.deliveryTimeout = .milliseconds(settings.deliveryTimeoutMs)
        try await system.run(roles)
    }
}
