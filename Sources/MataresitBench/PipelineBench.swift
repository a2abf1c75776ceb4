import Foundation
import MataresitRuntime
import Logging
import MataresitCore
import MataresitKafka
import MataresitObjectStore
import MataresitStore
import MataresitStreams
import PostgresNIO
import Synchronization

/// What to run in `mataresit bench pipeline`.
public struct PipelineBenchOptions: Sendable {
    public var events = 200_000
    public var keys = 1_000
    public var partitions: Int32 = 12
    /// Stage names of `streams/`; empty = every stage reading `api.requests.v1`.
    public var stages: [String] = []
    /// Runners per stage, in one consumer group.
    public var workers = 1
    /// Overrides the stages' `batch.max_events`.
    public var batchSize: Int?
    /// Most events sent but not yet committed by the slowest stage before the producer waits
    /// (default 10,000 per partition: the embedded broker keeps only about 5 MiB per partition).
    public var maxLag: Int?
    public var seed: UInt64 = 1
    /// Also measure the raw COPY, consume and decode rates of the same events first.
    public var baseline = true
    public var timeout: Duration = .seconds(600)
    /// Wraps the run's subject keys (sealed IPs and user agents); a replay of the run needs the same.
    public var subjectKeySecret = PipelineBench.randomSecret()
    /// Leave the archive stage's segments (when it ran) for the caller instead of removing them.
    public var keepArchive = false
    /// With a bucket, the archive stage writes under `<prefix>mataresit-bench-<run>/` there instead of a temporary
    /// folder.
    public var archiveBucket: ObjectArchiveStorage?

    public init() {}
}

/// `mataresit bench pipeline`: produces generated request events into a fresh topic while the stages consume it
/// in process into a fresh database, and measures throughput, latency, lag and cost; then checks every event
/// was applied (a loss is an error, never a throughput figure).
public struct PipelineBench: Sendable {
    let options: PipelineBenchOptions
    let pipeline: PipelineSpec
    let kafka: BenchKafka
    let database: BenchDatabase
    let logger: Logger
    let progress: @Sendable (String) -> Void

    public init(
        options: PipelineBenchOptions, pipeline: PipelineSpec, kafka: BenchKafka, database: BenchDatabase,
        logger: Logger, progress: @escaping @Sendable (String) -> Void
    ) {
        self.options = options
        self.pipeline = pipeline
        self.kafka = kafka
        self.database = database
        self.logger = logger
        self.progress = progress
    }

    public func run() async throws -> PipelineBenchResult {
        let topic = try await kafka.createTopic(suffix: Self.topicSuffix)
        let stages = try selectedStages(topic: topic)
        let subjectKeys = SubjectKeyStore(
            client: database.client, wrapper: try KeyWrapper(secret: options.subjectKeySecret), logger: logger)
        var source = try await BenchEventSource.make(
            traffic: BenchTraffic(keyCount: options.keys, seed: options.seed), seed: options.seed,
            subjectKeys: subjectKeys)
        let clock = ContinuousClock()
        let generationStart = clock.now
        let events = try source.make(options.events, occurredAtMicros: Date().microsecondsSince1970)
        let generationSeconds = (clock.now - generationStart).seconds
        progress("generated \(events.count) events in \(String(format: "%.1f", generationSeconds)) s")
        var baseline: BaselineResult?
        if options.baseline {
            progress("measuring the baselines (raw COPY, raw consume, decode)")
            baseline = try await BaselineBench.measure(
                events: events, source: source, policy: pipeline.redactionPolicy, database: database, kafka: kafka,
                logger: logger)
        }
        let runners = try stages.flatMap { stage in
            try (0..<options.workers).map { worker in
                try StageFactory.runner(
                    for: stage, kafka: kafka.configuration, client: database.client, subjectKeys: subjectKeys,
                    owner: "bench-\(worker)",
                    archive: try archiveStorage(),
                    redaction: pipeline.redactionPolicy, logger: logger)
            }
        }
        let failures = BenchFailures()
        let measured = try await withThrowingTaskGroup(of: Void.self) { group in
            for runner in runners {
                group.addTask {
                    do { try await runner.run() } catch is CancellationError {} catch {
                        failures.add("stage runner failed: \(error)")
                    }
                }
            }
            defer { group.cancelAll() }
            try await waitForAssignment(stages: stages, topic: topic, failures: failures)
            progress("stages \(stages.map(\.name).joined(separator: ", ")) hold all partitions; producing")
            return try await measure(events, topic: topic, stages: stages.map(\.name), failures: failures)
        }
        if !options.keepArchive { await removeArchive() }
        let verification = try await verify(events, stages: stages, tracker: measured.tracker)
        return result(
            measured, events: events, stages: stages, generationSeconds: generationSeconds,
            baseline: baseline, verification: verification)
    }

    /// The chosen stages, reading the bench topic in consumer groups of this run.
    func selectedStages(topic: String) throws -> [StageSpec] {
        let names =
            options.stages.isEmpty
            ? pipeline.stages.filter { $0.projections.allSatisfy(\.projectsRequests) }.map(\.name) : options.stages
        return try names.map { name in
            guard var stage = pipeline.stage(named: name), stage.inputs.contains(Topics.apiRequests) else {
                let known = pipeline.stages.filter { $0.inputs.contains(Topics.apiRequests) }.map(\.name)
                throw RuntimeError.invalidArgument(
                    "unknown stage \(name); stages reading \(Topics.apiRequests): \(known.joined(separator: ", "))")
            }
            stage.inputs = [topic]
            stage.group = "mataresit-bench-\(kafka.run).\(stage.group)"
            if let batchSize = options.batchSize { stage.batch.maxEvents = batchSize }
            return stage
        }
    }

    /// The request topic of a run is `mataresit-bench-<run>.` + this.
    public static let topicSuffix = "api.requests"

    /// Where the run's archive stage (when chosen) writes; removed by whoever reads it last.
    public static func archiveDirectory(run: String) -> String {
        NSTemporaryDirectory() + "/mataresit-bench-archive-\(run)"
    }

    /// The run's archive: under the bucket's prefix when there is one, else in ``archiveDirectory(run:)``.
    public func archiveStorage() throws -> any ArchiveStorage {
        guard let bucket = options.archiveBucket else {
            return FolderArchiveStorage(root: Self.archiveDirectory(run: kafka.run))
        }
        let location = try S3Location(
            bucket: bucket.location.bucket, prefix: bucket.location.prefix + "mataresit-bench-\(kafka.run)/")
        return ObjectArchiveStorage(client: bucket.client, location: location)
    }

    /// Deletes the run's archive, folder or objects.
    public func removeArchive() async {
        guard let storage = try? archiveStorage() as? ObjectArchiveStorage else {
            try? FileManager.default.removeItem(atPath: Self.archiveDirectory(run: kafka.run))
            return
        }
        do {
            var keys: [String] = []
            for try await object in storage.client.listObjects(
                bucket: storage.location.bucket, prefix: storage.location.prefix)
            {
                keys.append(object.key)
            }
            for batch in stride(from: 0, to: keys.count, by: 1000) {
                _ = try await storage.client.deleteObjects(
                    bucket: storage.location.bucket, keys: Array(keys[batch..<min(batch + 1000, keys.count)]))
            }
        } catch {
            logger.warning(
                "could not remove the bench's archive objects", metadata: ["archive": "\(storage)", "error": "\(error)"]
            )
        }
    }

    public static func randomSecret() -> String {
        (0..<48).map { _ in String("abcdefghijklmnopqrstuvwxyz0123456789".randomElement()!) }.joined()
    }
}

/// Errors of concurrent parts of a run, checked by its sampling loop.
final class BenchFailures: Sendable {
    private let messages = Mutex<[String]>([])

    func add(_ message: String) { messages.withLock { $0.append(message) } }

    func check() throws {
        if let first = messages.withLock({ $0.first }) { throw BenchError.tool(first) }
    }
}
