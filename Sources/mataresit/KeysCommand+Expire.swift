import ArgumentParser
import Foundation
import MataresitCore
import MataresitKafka
import MataresitRuntime

extension KeysCommand {
    struct Expire: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the key-expiry job now (the workers run it daily): deactivate expired keys, flag old ones.",
            discussion: """
                Audit rows are written with the changes. With KAFKA_BROKERS set, api_key.lifecycle expired events \
                are published too; without it they are not (the audit log still has every change).
                """)

        func run() async throws {
            let environment = try CommandEnvironment()
            let pipeline = try environment.pipeline()
            let settings = environment.settings.keyExpirySettings(pipeline: pipeline)
            let producer = try environment.kafka(clientID: "mataresit-keys").map { configuration in
                try KafkaProducer(configuration: configuration, logger: environment.logger)
            }
            let report = try await environment.withDatabase(try environment.requiredDatabase()) { client in
                let publisher = producer.map { DirectKafkaPublisher(producer: $0, logger: environment.logger) }
                return try await KeyExpiryJob(
                    client: client, publisher: publisher, settings: settings,
                    owner: environment.settings.instanceName, logger: environment.logger
                ).runNow()
            }
            await producer?.shutdown(flushTimeout: .seconds(10))
            emitLine(
                "expired \(report.expired) keys, flagged \(report.flagged) for rotation, "
                    + "dropped \(report.ledgerPartitionsDropped) ledger partitions")
        }
    }
}
