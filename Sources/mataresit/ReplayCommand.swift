import ArgumentParser
import Foundation
import MataresitKafka
import MataresitRuntime
import MataresitStreams

struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract:
            "Rebuild a stage's tables from the archive and then Kafka into shadow tables, then swap them in atomically.",
        discussion: """
            The API keeps answering from the old tables until the swap and from the new ones after it; the live \
            stage keeps running and continues from its own offsets into the new tables. With --from or --to only \
            that window is replayed: the access log's rows of the window are re-projected in place (for example \
            under a changed redaction policy); an aggregate's window is left in the schema replay_<stage> for \
            inspection, since it cannot replace the totals. Needs DATABASE_URL \
            and API_KEY_ENCRYPTION_KEY; KAFKA_BROKERS unless --archive-only; reads ARCHIVE_URL (or ARCHIVE_DIR).
            """)

    @Option(help: "Stage of streams/pipeline.yaml hosting request projections (shipped: requests).") var stage: String
    @Option(help: "Start at this offset (a number) or event time (ISO-8601, e.g. 2026-11-01T00:00:00Z).") var from:
        String?
    @Option(help: "Stop before this event time (ISO-8601).") var to: String?
    @Flag(help: "Replay from the archive alone, without reading Kafka.") var archiveOnly = false

    func bounds() throws -> ReplayBounds {
        var bounds = ReplayBounds()
        if let from {
            if let offset = Int64(from) {
                guard offset >= 0 else { throw ValidationError("--from offset must not be negative") }
                bounds.fromOffset = offset
            } else {
                bounds.fromMicros = try Self.micros(from, option: "--from")
            }
        }
        if let to { bounds.toMicros = try Self.micros(to, option: "--to") }
        if let start = bounds.fromMicros, let end = bounds.toMicros, start >= end {
            throw ValidationError("--from must be before --to")
        }
        return bounds
    }

    static func micros(_ text: String, option: String) throws -> Int64 {
        guard let date = try? Date(text, strategy: .iso8601) else {
            throw ValidationError("\(option) must be an offset or an ISO-8601 time such as 2026-11-01T00:00:00Z")
        }
        return Int64(date.timeIntervalSince1970 * 1_000_000)
    }

    func validate() throws { _ = try bounds() }

    func run() async throws {
        let environment = try CommandEnvironment()
        let pipeline = try environment.pipeline()
        guard let spec = pipeline.stage(named: stage) else {
            throw ValidationError(
                "unknown stage '\(stage)'; streams/ declares: \(pipeline.stages.map(\.name).joined(separator: ", "))")
        }
        let kafka = archiveOnly ? nil : try environment.requiredKafka(clientID: "mataresit-replay")
        let database = try environment.requiredDatabase()
        let wrapper = try environment.requiredKeyWrapper()
        let bounds = try bounds()
        let archive = try environment.settings.archive.existingStorage()
        let logger = environment.logger
        let outcome = try await environment.withDatabase(database) { client in
            try await StageReplay.run(
                stage: spec, pipeline: pipeline, database: database, liveClient: client, keyWrapper: wrapper,
                kafka: kafka,
                archive: archive, bounds: bounds,
                progress: ReplayProgress(expected: 0), logger: logger)
        }
        if outcome.swapped {
            emitLine("replayed \(outcome.events) events into \(stage)'s tables and swapped them in")
        } else if let rows = outcome.rowsReprojected {
            emitLine(
                "replayed \(outcome.events) events of the window; re-projected \(rows) live rows of \(stage) in place")
        } else {
            emitLine(
                "replayed \(outcome.events) events into schema \(outcome.shadowSchema ?? "?") (not swapped: a bounded "
                    + "replay of an aggregate cannot replace its totals; replay without --from/--to to rebuild it)")
        }
    }
}
