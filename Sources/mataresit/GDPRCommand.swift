import ArgumentParser
import Foundation
import MataresitCore
import MataresitKafka
import MataresitRuntime
import MataresitStore
import MataresitStreams

struct GDPRCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gdpr", abstract: "Personal-data rights: erase a user, verify an erasure, export a user's data.",
        subcommands: [Erase.self, Verify.self, Export.self, ExpireAnonymousKeys.self])

    struct Erase: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Request a user's erasure: publishes gdpr.erasure_requested; the erasure stage carries it out.",
            discussion:
                "Needs DATABASE_URL and KAFKA_BROKERS. Prints the erasure id; check with `mataresit gdpr verify`.")

        @Option(help: "The user's id.") var user: String
        @Option(help: "Why (an id or ticket number; never personal data).") var reason: String = ""

        func validate() throws {
            guard UUID(uuidString: user) != nil else { throw ValidationError("--user must be a UUID") }
            guard reason.count <= 200 else { throw ValidationError("--reason must be at most 200 characters") }
        }

        func run() async throws {
            let environment = try CommandEnvironment()
            let userID = UUID(uuidString: user)!
            let exists = try await environment.withDatabase(try environment.requiredDatabase()) { client in
                try await UserStore(client: client, logger: environment.logger).profile(userID: userID) != nil
            }
            guard exists else { throw ValidationError("no user \(userID.lowercased)") }
            let erasure = ErasureRequested(userID: userID, reason: reason)
            let envelope = EventEnvelope(
                occurredAtMicros: Date().microsecondsSince1970, producer: environment.settings.instanceName,
                payload: .erasureRequested(erasure))
            let (_, undelivered) = try await environment.withPublisher(
                clientID: "mataresit-gdpr", required: true, flushTimeout: .seconds(30)
            ) { publisher in publisher?.publish(envelope) }
            guard undelivered == 0 else { throw ValidationError("the erasure request could not be delivered to Kafka") }
            emitLine("erasure \(erasure.erasureID.lowercased) requested for user \(userID.lowercased)")
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Prove that nothing readable of a user remains (projections, retained Kafka log, archive).",
            discussion: """
                Needs DATABASE_URL and API_KEY_ENCRYPTION_KEY; scans the Kafka log when KAFKA_BROKERS is set and the \
                archive (ARCHIVE_URL, or the ARCHIVE_DIR folder when it exists). Exits 1 with a report when anything remains.
                """)

        @Option(help: "The user's id.") var user: String
        @Option(
            name: .customLong("probe"),
            help: "A personal value of the user (e-mail, user agent, IP) that must appear nowhere (repeatable).")
        var probes: [String] = []

        func validate() throws {
            guard UUID(uuidString: user) != nil else { throw ValidationError("--user must be a UUID") }
        }

        func run() async throws {
            let environment = try CommandEnvironment()
            let pipeline = try environment.pipeline()
            let kafka = environment.kafka(clientID: "mataresit-gdpr-verify")
            let wrapper = try environment.requiredKeyWrapper()
            let userID = UUID(uuidString: user)!
            let report = try await environment.withDatabase(try environment.requiredDatabase()) { client in
                try await ErasureVerifier(
                    client: client, keyWrapper: wrapper, kafka: kafka, topics: pipeline.topics.map(\.name),
                    archive: try environment.settings.archive.existingStorage(), logger: environment.logger
                ).verify(userID: userID, probes: probes)
            }
            for line in report.lines { emitLine(line) }
            if !report.isClean { throw ExitCode(1) }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print everything held about a user as JSON (right of access). Needs DATABASE_URL.")

        @Option(help: "The user's id.") var user: String

        func validate() throws {
            guard UUID(uuidString: user) != nil else { throw ValidationError("--user must be a UUID") }
        }

        func run() async throws {
            let environment = try CommandEnvironment()
            let userID = UUID(uuidString: user)!
            let document = try await environment.withDatabase(try environment.requiredDatabase()) { client in
                try await PersonalDataExport(client: client, logger: environment.logger).document(userID: userID)
            }
            guard let document else { throw ValidationError("no user \(userID.lowercased)") }
            emitLine(document)
        }
    }

    struct ExpireAnonymousKeys: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "expire-anonymous-keys",
            abstract:
                "Destroy the per-day anonymous subjects' keys older than the retention (the erasure stage does this hourly)."
        )

        @Option(help: "Anonymous retention in days.") var retentionDays: Int = AnonymousKeyExpiry.defaultRetentionDays

        func validate() throws {
            guard (1...3650).contains(retentionDays) else { throw ValidationError("--retention-days must be 1...3650") }
        }

        func run() async throws {
            let environment = try CommandEnvironment()
            let destroyed = try await environment.withDatabase(try environment.requiredDatabase()) { client in
                try await AnonymousKeyExpiry.destroyExpired(
                    retentionDays: retentionDays, client: client, logger: environment.logger)
            }
            emitLine("anonymous data keys destroyed: \(destroyed)")
        }
    }
}
