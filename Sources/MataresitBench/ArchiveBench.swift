import Foundation
import MataresitRuntime
import Logging
import MataresitCore
import MataresitStore
import MataresitStreams

/// `mataresit bench archive`: a pipeline run of the access-log and archive stages, then a replay of the
/// access log from the archive alone into shadow tables swapped in over the live ones. Reports archive bytes per
/// event and the replay rate beside the pipeline's, and checks the replay rebuilt every row.
public struct ArchiveBench: Sendable {
    /// The pipeline run of the access-log and archive stages (its archive kept for the replay).
    let bench: PipelineBench

    public init(
        options: PipelineBenchOptions, pipeline: PipelineSpec, kafka: BenchKafka, database: BenchDatabase,
        logger: Logger, progress: @escaping @Sendable (String) -> Void
    ) {
        var options = options
        options.stages = [ProjectionKind.accessLog, .archive].compactMap { pipeline.stage(hosting: $0)?.name }
        options.keepArchive = true
        bench = PipelineBench(
            options: options, pipeline: pipeline, kafka: kafka, database: database, logger: logger, progress: progress)
    }

    var options: PipelineBenchOptions { bench.options }
    var kafka: BenchKafka { bench.kafka }
    var database: BenchDatabase { bench.database }
    var logger: Logger { bench.logger }
    var pipeline: PipelineSpec { bench.pipeline }

    public func run() async throws -> ArchiveBenchResult {
        let directory = PipelineBench.archiveDirectory(run: kafka.run)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let pipelineResult = try await bench.run()
        let archive = try await ArchiveReader(directory: directory).verify()
        if let problem = archive.problems.first { throw BenchError.tool("the archive does not verify: \(problem)") }
        bench.progress(
            "archived \(archive.events) events in \(archive.segments) segments; replaying the access log from the archive"
        )
        let replay = try await replayAccessLog(directory: directory)
        let rows = try await database.scalar("SELECT count(*) FROM api_access_logs", logger: logger)
        var errors = pipelineResult.errors
        if !replay.outcome.swapped || replay.outcome.events != options.events || rows != Int64(options.events) {
            errors.append(
                "replay applied \(replay.outcome.events) of \(options.events) events (swapped: \(replay.outcome.swapped)); "
                    + "\(rows) access-log rows after it")
        }
        return ArchiveBenchResult(
            pipeline: pipelineResult, archiveBytes: archive.bytes, archivedEvents: archive.events,
            segments: archive.segments, replayEvents: replay.outcome.events, replaySeconds: replay.seconds,
            errors: errors)
    }

    /// The access-log stage as the bench ran it (its topic, its group), replayed from the archive alone.
    private func replayAccessLog(directory: String) async throws -> (outcome: ReplayOutcome, seconds: Double) {
        let topic = kafka.topicName(suffix: PipelineBench.topicSuffix)
        guard var stage = pipeline.stage(hosting: .accessLog) else {
            throw BenchError.tool("streams/pipeline.yaml has no stage hosting access_log")
        }
        stage.inputs = [topic]
        stage.group = "mataresit-bench-\(kafka.run).\(stage.group)"
        var replayed = pipeline
        replayed.topics.append(
            TopicSpec(name: topic, partitions: kafka.partitions, retentionHours: 1))
        let progressBar = ReplayProgress(expected: options.events)
        let started = ContinuousClock.now
        let outcome = try await StageReplay.run(
            stage: stage, pipeline: replayed, database: database.configuration, liveClient: database.client,
            keyWrapper: try KeyWrapper(secret: options.subjectKeySecret), kafka: nil,
            archive: FolderArchiveStorage(root: directory),
            bounds: ReplayBounds(), progress: progressBar, logger: logger)
        return (outcome, (ContinuousClock.now - started).seconds)
    }
}

/// What `mataresit bench archive` measured, as written by `--json`.
public struct ArchiveBenchResult: Sendable, Codable {
    public var pipeline: PipelineBenchResult
    public var archiveBytes: Int
    public var archivedEvents: Int
    public var segments: Int
    public var replayEvents: Int
    /// From the start of the replay (shadow schema creation) to the end of the swap.
    public var replaySeconds: Double
    public var errors: [String]

    public var bytesPerEvent: Double { Double(archiveBytes) / Double(max(archivedEvents, 1)) }
    public var replayEventsPerSecond: Double { Double(replayEvents) / max(replaySeconds, 0.001) }

    public var text: String {
        let replayRatio = replayEventsPerSecond / max(pipeline.eventsPerSecond, 0.001)
        return
            ([
                pipeline.text.replacingOccurrences(of: "bench pipeline", with: "bench archive"),
                "  archive      \(archivedEvents) events in \(segments) segment(s), \(archiveBytes) bytes, "
                    + String(format: "%.1f bytes/event", bytesPerEvent),
                "  replay       \(PipelineBenchResult.rate(replayEventsPerSecond)) events/s from the archive alone "
                    + "(\(PipelineBenchResult.seconds(replaySeconds)) s for \(replayEvents) events, shadow build and swap included)",
                "  ratio        replay / pipeline end to end = \(String(format: "%.2f", replayRatio))"
            ] + errors.filter { !pipeline.errors.contains($0) }.map { "  ERROR        \($0)" }).joined(separator: "\n")
    }
}
