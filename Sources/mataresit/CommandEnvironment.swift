import Foundation
import Logging
import MataresitCore
import MataresitKafka
import MataresitRuntime
import MataresitStore
import PostgresNIO

/// What every command starts from: settings from the environment, JSON logging, the pipeline.
struct CommandEnvironment {
    let settings: RuntimeSettings
    let logger: Logger

    init() throws {
        settings = try RuntimeSettings()
        LoggingSystem.bootstrapJSON(level: settings.logLevel, logSensitiveData: settings.logSensitiveData)
        logger = Logger(label: "mataresit")
        if settings.logSensitiveData {
            logger.warning(
                "LOG_SENSITIVE_DATA=true: for local debugging only, never in production (it is not supported there)")
        }
    }

    func pipeline() throws -> PipelineSpec { try PipelineSpec.load(path: settings.pipelinePath) }

    /// `DATABASE_URL`, required by commands that do not start their own Postgres.
    func requiredDatabase() throws -> DatabaseConfiguration {
        guard let url = settings.databaseURL else {
            throw RuntimeError.configuration(
                variable: "DATABASE_URL", problem: "not set (e.g. postgres://user:password@localhost:5432/mataresit)")
        }
        return try DatabaseConfiguration(url: url)
    }

    func requiredBrokers() throws -> String {
        guard let brokers = settings.kafkaBrokers else {
            throw RuntimeError.configuration(
                variable: "KAFKA_BROKERS",
                problem: "not set (e.g. localhost:9092, or the address `mataresit broker` prints)")
        }
        return brokers
    }

    /// The Kafka settings, refusing when `KAFKA_BROKERS` is unset (commands that need the real cluster).
    func requiredKafkaSettings() throws -> KafkaSettings {
        _ = try requiredBrokers()
        return settings.kafka
    }

    /// A Kafka client configuration for `clientID`, refusing when `KAFKA_BROKERS` is unset.
    func requiredKafka(clientID: String) throws -> KafkaConfiguration {
        KafkaConfiguration(
            bootstrapServers: try requiredBrokers(), clientID: clientID, properties: settings.kafka.properties)
    }

    /// A Kafka client configuration for `clientID` with every property of the settings, or nil without brokers.
    func kafka(clientID: String) -> KafkaConfiguration? {
        settings.kafka.configuration(clientID: clientID)
    }

    /// Runs `body` with the one publisher CLI commands use (`Topics.partitionKey` keying, like the API's), or with
    /// nil when `KAFKA_BROKERS` is unset and the command can do without; returns the events not delivered.
    func withPublisher<T>(
        clientID: String, required: Bool = false, flushTimeout: Duration = .seconds(10),
        _ body: (DirectKafkaPublisher?) async throws -> T
    ) async throws -> (value: T, undelivered: Int) {
        let configuration = required ? try requiredKafka(clientID: clientID) : kafka(clientID: clientID)
        guard let configuration else { return (try await body(nil), 0) }
        return try await DirectKafkaPublisher.with(configuration, flushTimeout: flushTimeout, logger: logger) {
            try await body($0)
        }
    }

    func requiredKeyWrapper() throws -> KeyWrapper {
        guard let secret = settings.encryptionSecret else {
            throw RuntimeError.configuration(
                variable: "API_KEY_ENCRYPTION_KEY", problem: "not set (32 characters or more)")
        }
        do {
            return try KeyWrapper(secret: secret)
        } catch {
            throw RuntimeError.configuration(
                variable: "API_KEY_ENCRYPTION_KEY", problem: "must be at least 32 characters")
        }
    }

    /// Runs `body` with a connected, migrated client, then closes it.
    func withDatabase<T: Sendable>(
        _ database: DatabaseConfiguration, migrate: Bool = true,
        _ body: @Sendable (PostgresClient) async throws -> T
    ) async throws -> T {
        let client = PostgresClient(configuration: try database.clientConfiguration(), backgroundLogger: logger)
        return try await client.whileRunning {
            if migrate { try await Migrator(client: client, logger: logger).migrate() }
            return try await body(client)
        }
    }
}

/// Writes a line to standard output at once (not buffered), for scripts that read it.
func emitLine(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
