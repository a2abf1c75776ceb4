import Foundation
import Hummingbird
import Logging
import MataresitAPI
import MataresitCore
import MataresitKafka
import MataresitStore
import MataresitStreams
import PostgresNIO
import ServiceLifecycle
import UnixSignals

/// One process of Mataresit: the API and/or some stages over one Postgres and one Kafka cluster.
/// `run()` migrates, then runs everything in a `ServiceGroup` whose shutdown stops intake first
/// (API), then drains the stages, then flushes the producer, then closes Postgres.
public struct MataresitSystem: Sendable {
    public struct Roles: Sendable {
        /// Serve the HTTP API on this address, or not at all.
        public var api: APIConfiguration?
        /// Stage names of `streams/` to run.
        public var stages: [String]
        /// Called once the API listens, with its port.
        public var onAPIRunning: @Sendable (Int) async -> Void
        /// Where events wait when the broker cannot take them (`SPOOL_DIR`, default `.mataresit-spool`).
        public var spoolDirectory: String = ".mataresit-spool"
        /// How long librdkafka retries a message before it goes to the spool (default 30 s).
        public var deliveryTimeout: Duration = .seconds(30)
        /// Where the archive stage writes its segments (`ARCHIVE_URL`, default the folder `.mataresit-archive`).
        public var archive: any ArchiveStorage = FolderArchiveStorage(root: ".mataresit-archive")
        /// Run the retention job (access-log and audit rows past their retention, once archived); nil: not run.
        public var retention: RetentionPolicy?
        /// Without an API: serve `/metrics`, `/healthz` and `/readyz` on this host and port (`METRICS_PORT`).
        public var operationsAddress: (host: String, port: Int)?
        /// Called once the operations endpoints listen, with their port.
        public var onOperationsRunning: @Sendable (Int) async -> Void = { _ in }
        /// Run the daily key-expiry and ledger-prune job with these settings (nil: not in this process).
        public var maintenance: KeyExpiryJob.Settings?

        public init(
            api: APIConfiguration? = nil, stages: [String] = [],
            onAPIRunning: @escaping @Sendable (Int) async -> Void = { _ in }
        ) {
            self.api = api
            self.stages = stages
            self.onAPIRunning = onAPIRunning
        }
    }

    public var database: DatabaseConfiguration
    public var kafka: KafkaConfiguration
    public var pipeline: PipelineSpec
    public var keyWrapper: KeyWrapper
    public var instanceName: String
    public var logger: Logger

    public init(
        database: DatabaseConfiguration, kafka: KafkaConfiguration, pipeline: PipelineSpec, keyWrapper: KeyWrapper,
        instanceName: String, logger: Logger
    ) {
        self.database = database
        self.kafka = kafka
        self.pipeline = pipeline
        self.keyWrapper = keyWrapper
        self.instanceName = instanceName
        self.logger = logger
    }

    /// Runs until SIGINT/SIGTERM (or `shutdownSignals` empty and the task is cancelled).
    public func run(
        _ roles: Roles, gracefulShutdownSignals: [UnixSignal] = [.sigterm, .sigint],
        beforeStart: @Sendable (PostgresClient) async throws -> Void = { _ in }
    ) async throws {
        _ = MetricsBootstrap.registry  // before any metric is made
        let client = PostgresClient(configuration: try database.clientConfiguration(), backgroundLogger: logger)
        try await client.whileRunning {
            try await Migrator(client: client, logger: logger).migrate()
            try await beforeStart(client)
            let services = try await makeServices(roles, client: client)
            let serviceGroup = ServiceGroup(
                configuration: .init(
                    services: services.map { .init(service: $0) }, gracefulShutdownSignals: gracefulShutdownSignals,
                    logger: logger))
            try await serviceGroup.run()
        }
    }

    /// The producer gives up on a message after `deliveryTimeout`; the spool takes it from there.
    func producerConfiguration(_ roles: Roles) -> KafkaConfiguration {
        var configuration = kafka
        configuration.properties["message.timeout.ms"] =
            configuration.properties["message.timeout.ms"] ?? "\(roles.deliveryTimeout.components.seconds * 1000)"
        return configuration
    }

    /// Services in start order; the group shuts them down in reverse.
    func makeServices(_ roles: Roles, client: PostgresClient) async throws -> [any Service] {
        let subjectKeys = SubjectKeyStore(client: client, wrapper: keyWrapper, logger: logger)
        var services: [any Service] = []
        var maintenancePublisher: (any EventPublishing)?
        for name in roles.stages {
            guard let stage = pipeline.stage(named: name) else {
                throw RuntimeError.invalidArgument(
                    "unknown stage \(name); streams/ declares: \(pipeline.stages.map(\.name).joined(separator: ", "))")
            }
            services.append(
                try StageFactory.runner(
                    for: stage, kafka: kafka, client: client, subjectKeys: subjectKeys, owner: instanceName,
                    archive: roles.archive, redaction: pipeline.redactionPolicy,
                    logger: logger))
        }
        if let api = roles.api {
            let spool = try EventSpool(directory: roles.spoolDirectory, logger: logger)
            let producer = try KafkaProducer(
                configuration: producerConfiguration(roles), logger: logger,
                onDeliveryFailure: { failure in
                    spool.append([SpoolRecord(topic: failure.topic, key: failure.key, value: failure.value)])
                })
            services.append(
                SpoolDrainer(
                    spool: spool, producer: producer, logger: logger,
                    brokerIsReachable: BrokerProbe(kafka: kafka, logger: logger).isReachable))
            services.append(ProducerService(producer: producer))
            let publisher = KafkaEventPublisher(producer: producer, spool: spool, logger: logger)
            maintenancePublisher = publisher
            var dependencies = APIDependencies(
                client: client, publisher: publisher, subjectKeys: subjectKeys, producerName: instanceName,
                logger: logger)
            dependencies.redaction = pipeline.redactionPolicy
            dependencies.projectionStages = pipeline.projectionStages
            let cache = ResponseCache(policy: api.cache)
            dependencies.responseCache = cache
            services.append(
                try await CacheInvalidationListener(
                    kafka: kafka, pipeline: pipeline, cache: cache, instanceName: instanceName, logger: logger))
            dependencies.operations =
                OperationsMonitor(
                    client: client, producer: producer, kafka: kafka, pipeline: pipeline, spoolDepth: { spool.depth },
                    maximumConnections: database.maximumConnections, logger: logger
                ).probes
            services.append(
                buildApplication(configuration: api, dependencies: dependencies, onServerRunning: roles.onAPIRunning))
        } else if let address = roles.operationsAddress {
            services.append(operationsApplication(address, roles: roles, client: client))
        }
        if let settings = roles.maintenance {
            if maintenancePublisher == nil {
                let producer = try KafkaProducer(configuration: producerConfiguration(roles), logger: logger)
                services.append(ProducerService(producer: producer))
                maintenancePublisher = DirectKafkaPublisher(producer: producer, logger: logger)
            }
            let job = KeyExpiryJob(
                client: client, publisher: maintenancePublisher, settings: settings, owner: instanceName, logger: logger
            )
            services.append(
                PeriodicJobService(name: "key-expiry", interval: .seconds(3600), logger: logger) {
                    _ = try await job.runDaily()
                })
        }
        if let policy = roles.retention {
            let job = RetentionJob(
                client: client, archive: ArchiveReader(storage: roles.archive), pipeline: pipeline,
                policy: policy, logger: logger)
            services.append(
                PeriodicJobService(name: "retention", interval: .seconds(3600), logger: logger) {
                    _ = try await job.run()
                })
        }
        return services
    }

    /// `/metrics` and the probes of a worker (no producer, no spool: their gauges stay absent).
    func operationsApplication(_ address: (host: String, port: Int), roles: Roles, client: PostgresClient)
        -> any Service
    {
        let monitor = OperationsMonitor(
            client: client, producer: nil, kafka: kafka, pipeline: pipeline, spoolDepth: { 0 },
            maximumConnections: database.maximumConnections, logger: logger)
        return buildOperationsApplication(
            host: address.host, port: address.port, client: client, operations: monitor.probes, logger: logger,
            onServerRunning: roles.onOperationsRunning)
    }
}
