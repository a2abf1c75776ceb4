import ArgumentParser
import Foundation
import MataresitAPI
import MataresitCore
import MataresitRuntime
import MataresitStore
import MataresitStreams

struct DevCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dev",
        abstract: "Run everything locally: Postgres, embedded broker, API and all stages; prints a demo API key.",
        discussion: """
            Without DATABASE_URL it starts a private PostgreSQL cluster in <data-dir>/postgres; without
            KAFKA_BROKERS an embedded Kafka-protocol broker in process. The demo keys stay the same on every
            start of the same data folder. Stop with Ctrl-C: in-flight batches are committed or abandoned,
            queued events flushed.
            """)

    @Option(help: "Folder for the private Postgres cluster and the demo secrets.")
    var dataDir: String = ".mataresit-dev"

    @Option(help: "HTTP port (default: PORT or 8080; 0 picks a free one).")
    var port: Int?

    func run() async throws {
        let environment = try CommandEnvironment()
        let settings = environment.settings, logger = environment.logger
        let pipeline = try environment.pipeline()
        let dataDir = AbsolutePath.resolve(self.dataDir)
        let secrets = try DevSecrets.loadOrCreate(in: dataDir)
        var localPostgres: LocalPostgres?
        let database: DatabaseConfiguration
        if let url = settings.databaseURL {
            database = try DatabaseConfiguration(url: url)
        } else {
            let postgres = LocalPostgres(folder: dataDir + "/postgres")
            try postgres.start(logger: logger)
            localPostgres = postgres
            database = postgres.configuration
        }
        defer { try? localPostgres?.stop() }
        let kafka = try await KafkaEndpoint.resolve(
            kafka: settings.kafka, pipeline: pipeline, clientID: "mataresit-dev", logger: logger)
        let system = MataresitSystem(
            database: database, kafka: kafka.configuration, pipeline: pipeline,
            keyWrapper: try KeyWrapper(secret: settings.encryptionSecret ?? secrets.encryptionKey),
            instanceName: settings.instanceName, logger: logger)
        var roles = MataresitSystem.Roles(
            api: settings.apiConfiguration(port: port),
            stages: pipeline.stages.map(\.name),
            onAPIRunning: { port in
                emitLine("MATARESIT_URL=http://\(settings.host):\(port)")
                emitLine("MATARESIT_API_KEY=\(secrets.apiKey)")
                emitLine("MATARESIT_ADMIN_KEY=\(secrets.adminKey)")
            })
        roles.spoolDirectory = settings.isSet("SPOOL_DIR") ? settings.spoolDirectory : dataDir + "/spool"
        roles.archive =
            settings.isSet("ARCHIVE_URL") || settings.isSet("ARCHIVE_DIR")
            ? try settings.archive.storage() : FolderArchiveStorage(root: dataDir + "/archive")
        roles.deliveryTimeout = .milliseconds(settings.deliveryTimeoutMs)
        roles.maintenance = settings.keyExpirySettings(pipeline: pipeline)
        try await system.run(roles) { client in try await DemoSeed.apply(secrets, client: client, logger: logger) }
        kafka.embedded?.keepRunningUntilProcessExit()
    }
}
