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
            let database = try environment.requiredDatabase()
            let (report, _) = try await environment.withPublisher(clientID: "mataresit-keys") { publisher in
                try await environment.withDatabase(database) { client in
                    try await KeyExpiryJob(
                        client: client, publisher: publisher, settings: settings,
                        owner: environment.settings.instanceName, logger: environment.logger
                    ).runNow()
                }
            }
            emitLine(
                "expired \(report.expired) keys, flagged \(report.flagged) for rotation, "
                    + "dropped \(report.ledgerPartitionsDropped) ledger partitions")
        }
    }
}
