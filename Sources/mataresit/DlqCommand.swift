import ArgumentParser
import Foundation
import MataresitCore
import MataresitRuntime
import MataresitStore
import MataresitStreams

struct DlqCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dlq",
        abstract: "Inspect and redrive dead letters (needs KAFKA_BROKERS and DATABASE_URL).",
        discussion: """
            Stages send what they cannot decode or apply to \(Topics.deadLetters) and continue. Letters show \
            where the event came from and why it failed, never its payload.
            """,
        subcommands: [List.self, Redrive.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List dead letters, oldest first.")
        @Option(help: "Only letters of this stage.") var stage: String?
        @Option(help: "At most this many letters (the newest).") var limit: Int = 100

        func validate() throws {
            guard limit >= 1 else { throw ValidationError("--limit must be at least 1") }
        }

        func run() async throws {
            let environment = try CommandEnvironment()
            let session = try await DlqSession(environment)
            let letters = try await session.letters(stage: stage)
            let redriven = try await session.redriven()
            emitLine("dlq-offset\tstage\treason\tsource\tfailed-at\ttype\tredriven")
            for stored in letters.suffix(limit) {
                let letter = stored.letter
                let failedAt = Date(timeIntervalSince1970: Double(letter.failedAtMicros) / 1_000_000)
                emitLine(
                    [
                        "\(stored.position.partition):\(stored.position.offset)", letter.stage, letter.reason,
                        "\(letter.sourceTopic)[\(letter.sourcePartition)]@\(letter.sourceOffset)",
                        failedAt.formatted(.iso8601), stored.originalType ?? "-",
                        redriven.contains(stored.position) ? "yes" : "no"
                    ].joined(separator: "\t"))
            }
            emitLine("\(letters.count) dead letters\(stage.map { " of stage \($0)" } ?? "")")
        }
    }

    struct Redrive: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-publish dead letters' original bytes to their source topic and partition.",
            discussion: """
                --all redrives every letter not redriven before; --offset redrives one letter by its dead-letter \
                offset (the first column of `dlq list`), even if it was redriven before. An event that is still \
                bad is dead-lettered again; nothing redrives automatically. Emits an admin.action `dlq.redrive`.
                """)
        @Option(help: "Only letters of this stage.") var stage: String?
        @Flag(help: "Every letter not yet redriven.") var all = false
        @Option(help: "One letter by its offset on the dead-letter topic (PARTITION:OFFSET or OFFSET for partition 0).")
        var offset: String?

        func validate() throws {
            guard all != (offset != nil) else { throw ValidationError("give exactly one of --all and --offset") }
            if let offset, DlqSession.position(offset) == nil {
                throw ValidationError("--offset must be OFFSET or PARTITION:OFFSET with non-negative numbers")
            }
        }

        func run() async throws {
            let environment = try CommandEnvironment()
            let session = try await DlqSession(environment)
            let letters = try await session.letters(stage: stage)
            let chosen: [StoredDeadLetter]
            if let offset, let (partition, number) = DlqSession.position(offset) {
                chosen = letters.filter { $0.position.partition == partition && $0.position.offset == number }
                guard !chosen.isEmpty else { throw DeadLetterQueueError.noSuchLetter(offset: number) }
            } else {
                let redriven = try await session.redriven()
                chosen = letters.filter { !redriven.contains($0.position) }
            }
            let sent = try await session.redrive(chosen, stage: stage)
            emitLine("redrove \(chosen.count) dead letters (\(sent) original events)")
        }
    }
}

/// The broker and database a `dlq` command talks to.
struct DlqSession {
    let environment: CommandEnvironment
    let queue: DeadLetterQueue
    let kafka: KafkaEndpoint
    let database: DatabaseConfiguration

    init(_ environment: CommandEnvironment) async throws {
        self.environment = environment
        database = try environment.requiredDatabase()
        kafka = try await KafkaEndpoint.resolve(
            kafka: try environment.requiredKafkaSettings(), pipeline: try environment.pipeline(),
            clientID: "mataresit-dlq",
            logger: environment.logger)
        queue = DeadLetterQueue(configuration: kafka.configuration, logger: environment.logger)
    }

    func letters(stage: String?) async throws -> [StoredDeadLetter] {
        try await queue.letters().filter { stage == nil || $0.letter.stage == stage }
    }

    func redriven() async throws -> Set<DeadLetterPosition> {
        let logger = environment.logger, topic = queue.topic
        return try await environment.withDatabase(database) { client in
            try await DeadLetterRedriveStore(client: client, logger: logger).redriven(topic: topic)
        }
    }

    func redrive(_ letters: [StoredDeadLetter], stage: String?) async throws -> Int {
        let logger = environment.logger, configuration = kafka.configuration
        let producer = environment.settings.instanceName
        return try await environment.withDatabase(database) { client in
            try await DeadLetterRedrive(
                configuration: configuration, store: DeadLetterRedriveStore(client: client, logger: logger),
                producerName: producer, logger: logger
            ).redrive(letters, stage: stage)
        }
    }

    /// `PARTITION:OFFSET` or `OFFSET` (partition 0).
    static func position(_ text: String) -> (Int32, Int64)? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        switch parts.count {
        case 1: return Int64(parts[0]).flatMap { $0 >= 0 ? (0, $0) : nil }
        case 2:
            guard let partition = Int32(parts[0]), let offset = Int64(parts[1]), partition >= 0, offset >= 0 else {
                return nil
            }
            return (partition, offset)
        default: return nil
        }
    }
}
