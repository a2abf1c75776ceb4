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
        let storage = try bench.archiveStorage()
        let pipelineResult: PipelineBenchResult
        let archive: ArchiveVerification
        let replay: (outcome: ReplayOutcome, seconds: Double)
        do {
            pipelineResult = try await bench.run()
            archive = try await ArchiveReader(storage: storage).verify()
            if let problem = archive.problems.first { throw BenchError.tool("the archive does not verify: \(problem)") }
            bench.progress(
                "archived \(archive.events) events in \(archive.segments) segments in \(storage); replaying the access log from it"
            )
            replay = try await replayAccessLog(from: storage)
            await bench.removeArchive()
        } catch {
            await bench.removeArchive()
            throw error
        }
        let rows = try await ProjectionTotals(client: database.client, logger: logger).accessLogRows()
        var errors = pipelineResult.errors
        if !replay.outcome.swapped || replay.outcome.events != options.events || rows != Int64(options.events) {
            errors.append(
                "replay applied \(replay.outcome.events) of \(options.events) events (swapped: \(replay.outcome.swapped)); "
                    + "\(rows) access-log rows after it")
        }
        return ArchiveBenchResult(
            backend: storage is ObjectArchiveStorage ? "bucket" : "folder", pipeline: pipelineResult,
            archiveBytes: archive.bytes, archivedEvents: archive.events,
            segments: archive.segments, replayEvents: replay.outcome.events, replaySeconds: replay.seconds,
            errors: errors)
    }

    /// The access-log stage as the bench ran it (its topic, its group), replayed from the archive alone.
    private func replayAccessLog(from storage: any ArchiveStorage) async throws -> (
        outcome: ReplayOutcome, seconds: Double
    ) {
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
            archive: storage,
            bounds: ReplayBounds(), progress: progressBar, logger: logger)
        return (outcome, (ContinuousClock.now - started).seconds)
    }
}

/// What `mataresit bench archive` measured, as written by `--json`.
public struct ArchiveBenchResult: Sendable, Codable {
    /// `folder` or `bucket`.
    public var backend: String
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
                "  archive      \(backend): \(archivedEvents) events in \(segments) segment(s), \(archiveBytes) bytes, "
                    + String(format: "%.1f bytes/event", bytesPerEvent),
                "  replay       \(PipelineBenchResult.rate(replayEventsPerSecond)) events/s from the archive alone "
                    + "(\(PipelineBenchResult.seconds(replaySeconds)) s for \(replayEvents) events, shadow build and swap included)",
                "  ratio        replay / pipeline end to end = \(String(format: "%.2f", replayRatio))"
            ] + errors.filter { !pipeline.errors.contains($0) }.map { "  ERROR        \($0)" }).joined(separator: "\n")
    }
}

/// One `bench archive` run per backend, and how the bucket compares with the folder.
public struct ArchiveBackendComparison: Sendable, Codable {
    public var results: [ArchiveBenchResult]

    public init(results: [ArchiveBenchResult]) { self.results = results }

    public var text: String {
        var lines = results.map(\.text)
        if let folder = results.first(where: { $0.backend == "folder" }),
            let bucket = results.first(where: { $0.backend == "bucket" })
        {
            lines.append(
                "  backends     bucket / folder: bytes per event "
                    + String(format: "%.2f", bucket.bytesPerEvent / max(folder.bytesPerEvent, 0.001))
                    + ", replay events/s "
                    + String(format: "%.2f", bucket.replayEventsPerSecond / max(folder.replayEventsPerSecond, 0.001))
                    + ", pipeline events/s "
                    + String(
                        format: "%.2f", bucket.pipeline.eventsPerSecond / max(folder.pipeline.eventsPerSecond, 0.001)))
        }
        return lines.joined(separator: "\n")
    }
}
