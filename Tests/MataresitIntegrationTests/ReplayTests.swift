import Foundation
import Logging
import MataresitCore
import MataresitKafka
import MataresitRuntime
import MataresitStore
import MataresitStreams
import PostgresNIO
import ServiceLifecycle
import Synchronization
import Testing

/// `mataresit replay` end to end: the three replayable stages rebuilt into shadow tables from the archive and
/// Kafka while their live stages keep running and readers keep reading, swapped in atomically, equal to the
/// seed's views afterwards (the oracle).
@Suite("Replay", .serialized)
struct ReplayTests {
    @Test("replay under live traffic and reads: no errors, no half-built answers, projections equal the oracles")
    func replayWhileLive() async throws {
        try await Self.withReplaySetup(try TestPipeline.withSmallBatches(200)) { database, cluster, stages, folder in
            let mix = try await UsageEventMix.make(count: 1_500, duplicateCount: 100, in: database)
            let first = Array(mix.produced.prefix(1_000)), second = Array(mix.produced.dropFirst(1_000))
            try await EventFactory.produce(first, to: cluster)
            let archive = try archiveStage(cluster, database, folder)
            let warmup = try stages.runners(owner: "warmup") + [archive]
            #expect(
                try await stages.run(warmup) {
                    try await stages.allCommitted(1_000, stages: stages.names + ["archive"])
                } == nil)

            let reads = ReadWatch(), apiReads = ReadWatch()
            let live = try stages.runners(owner: "live")
            let started = OnceFlag()
            let reader = try await TestTenant.create(in: database, tier: .max)
            // The API reads the same tables over HTTP meanwhile (its requests emit no events: the counts below
            // are the mix's).
            let error = try await RunningSystem.with(
                database: database, cluster: cluster, stages: [], configure: { $0.api?.emitsRequestEvents = false }
            ) { system in
                try await stages.run(
                    live + [
                        ReadLoad(database: database, watch: reads),
                        APIReadLoad(system: system, key: reader.key, watch: apiReads)
                    ]
                ) {
                    if started.first() {
                        try await EventFactory.produce(second, to: cluster)
                        for name in stages.names {
                            _ = try await TestReplay.run(name, cluster, database, folder, kafka: true)
                        }
                    }
                    return try await stages.allCommitted(mix.produced.count)
                }
            }
            #expect(error == nil, "\(error.map { String(reflecting: $0) } ?? "")")
            #expect(reads.failures.isEmpty, "\(reads.failures.prefix(5))")
            #expect(reads.count > 0)
            #expect(
                apiReads.failures.isEmpty, "the API answered an error during the replay: \(apiReads.failures.prefix(5))"
            )
            #expect(apiReads.count > 0)
            #expect(reads.decreases == 0, "a reader saw fewer access-log rows than before: a half-built table")
            // The view lists every active key: the mix's, its unknown one, and the HTTP reader's.
            let problems = try await UsageOracle(database: database).allMismatches(expectedKeys: mix.keys.count + 2)
            #expect(problems.isEmpty, "\(problems.prefix(20))")
            #expect(try await database.scalar("SELECT count(*) FROM api_access_logs") == mix.events.count)
            #expect(try await database.scalar("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'replay_%'") == 0)
        }
    }

    @Test("replay from the archive alone reproduces the projections exactly")
    func replayFromArchiveAlone() async throws {
        try await Self.withReplaySetup(try TestPipeline.withSmallBatches(300)) { database, cluster, stages, folder in
            let mix = try await UsageEventMix.make(count: 1_200, duplicateCount: 80, in: database)
            try await EventFactory.produce(mix.produced, to: cluster)
            let services =
                try stages.runners(owner: "w")
                + [try archiveStage(cluster, database, folder)]
            let total = mix.produced.count
            #expect(
                try await stages.run(services) {
                    try await stages.allCommitted(total, stages: stages.names + ["archive"])
                } == nil)
            let before = try await TestReplay.snapshot(database)
            for name in stages.names {
                let outcome = try await TestReplay.run(name, cluster, database, folder, kafka: false)
                #expect(outcome.swapped && outcome.events == total)
            }
            #expect(try await TestReplay.snapshot(database) == before)
            #expect(try await UsageOracle(database: database).allMismatches(expectedKeys: mix.keys.count + 1).isEmpty)
        }
    }

    @Test("a bounded replay of the access log in a stage of its own re-projects the window's rows in place")
    func boundedReplayReprojectsWindow() async throws {
        try await Self.withReplaySetup(try TestPipeline.separateStages()) { database, cluster, stages, folder in
            let start = Date().addingTimeInterval(-7_200), middle = Date().addingTimeInterval(-3_600)
            try await EventFactory.produce(
                EventFactory.requestEvents(count: 300, at: start) + EventFactory.requestEvents(count: 200, at: middle),
                to: cluster)
            let services = [try stages.runner("access-log", owner: "w"), try archiveStage(cluster, database, folder)]
            #expect(
                try await stages.run(services) { try await stages.allCommitted(500, stages: ["access-log", "archive"]) }
                    == nil)
            try await database.client.query("UPDATE api_access_logs SET status_code = 599", logger: database.logger)

            let outcome = try await StageReplay.run(
                stage: try #require(cluster.pipeline.stage(named: "access-log")), pipeline: cluster.pipeline,
                database: database.configuration, liveClient: database.client,
                keyWrapper: try KeyWrapper(secret: RunningSystem.encryptionSecret), kafka: cluster.configuration,
                archive: FolderArchiveStorage(root: folder),
                bounds: ReplayBounds(fromMicros: middle.microsecondsSince1970),
                progress: ReplayProgress(expected: 0, isTerminal: false), logger: Logger(label: "test-replay"))
            #expect(!outcome.swapped && outcome.rowsReprojected == 200 && outcome.shadowSchema == nil)
            #expect(try await database.scalar("SELECT count(*) FROM api_access_logs WHERE status_code = 599") == 300)
            #expect(
                try await database.scalar("SELECT count(*) FROM api_access_logs WHERE status_code IN (200, 429)") == 200
            )
            #expect(try await database.scalar("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'replay_%'") == 0)
        }
    }

    @Test("the swap's last catch-up meets days the shadow has no partition for, on two partitions, and finishes")
    func swapCatchUpCreatesDays() async throws {
        try await Self.withReplaySetup { database, cluster, stages, folder in
            // Another day on each partition. With fewer events than a batch, the replay's catch-up leaves them all
            // to the swap's transaction; a partition created there after a write would wait for that transaction.
            let producer = try KafkaProducer(configuration: cluster.configuration, logger: database.logger)
            for (partition, daysAgo) in [(Int32(0), 2.0), (Int32(1), 1.0)] {
                for event in EventFactory.requestEvents(count: 100, at: Date().addingTimeInterval(-daysAgo * 86_400)) {
                    _ = try producer.send(
                        topic: Topics.apiRequests, partition: partition, key: nil, value: EventCodec.encode(event))
                }
            }
            #expect(await producer.flush(timeout: .seconds(30)) == 0)
            await producer.shutdown(flushTimeout: .seconds(5))
            let live = [try stages.runner("requests", owner: "live")]
            #expect(try await stages.run(live) { try await stages.allCommitted(200, stages: ["requests"]) } == nil)
            // A regression would wait on a lock forever; make it fail instead.
            let rows = try await database.client.query("SELECT current_database()", logger: database.logger)
            for try await name in rows.decode(String.self) {
                try await database.client.query(
                    "ALTER DATABASE \(unescaped: "\"\(name)\"") SET lock_timeout = '20s'", logger: database.logger)
            }
            let outcome = try await TestReplay.run("requests", cluster, database, folder, kafka: true)
            #expect(outcome.swapped && outcome.events == 200)
            #expect(try await database.scalar("SELECT count(*) FROM api_access_logs") == 200)
            #expect(try await database.scalar("SELECT count(DISTINCT \"timestamp\"::date) FROM api_access_logs") == 2)
        }
    }

    @Test("replay stores personal fields as the pipeline's redaction policy says, exactly as the live stage does")
    func replayAppliesThePipelinesRedaction() async throws {
        var pipeline = try TestPipeline.load()
        pipeline.redaction = RedactionPolicy(accessLog: ["user_agent": "drop", "client_ip": "keep"])
        try await Self.withReplaySetup(pipeline) { database, cluster, stages, folder in
            let keys = SubjectKeyStore(
                client: database.client, wrapper: try KeyWrapper(secret: RunningSystem.encryptionSecret),
                logger: database.logger)
            let user = UUID(), subject = Subject.user(user)
            let key = try #require(try await keys.keyCreatingIfMissing(for: subject))
            let events = try (0..<40).map { index in
                let request = ApiRequestEvent(
                    apiKeyID: user, userID: user, method: "GET", path: "/api/v1/me", status: 200,
                    clientIP: try PersonalDataSealer.seal("203.0.113.\(index)", subject: subject, key: key),
                    userAgent: try PersonalDataSealer.seal("Agent/\(index)", subject: subject, key: key))
                return EventEnvelope(
                    occurredAtMicros: Date().microsecondsSince1970 + Int64(index), producer: "t",
                    payload: .apiRequest(request))
            }
            try await EventFactory.produce(events, to: cluster)
            let services = try stages.runners(owner: "w") + [try archiveStage(cluster, database, folder)]
            #expect(
                try await stages.run(services) { try await stages.allCommitted(40, stages: stages.names + ["archive"]) }
                    == nil)
            let stored: PostgresQuery =
                "SELECT count(DISTINCT ip_address) FROM api_access_logs WHERE user_agent IS NULL"
            #expect(try await database.scalar(stored) == 40, "live: agents dropped, addresses kept whole")

            let outcome = try await TestReplay.run("requests", cluster, database, folder, kafka: false)
            #expect(outcome.swapped && outcome.events == 40)
            #expect(try await database.scalar(stored) == 40, "replayed: the same policy")
        }
    }

    @Test("replay of a stage whose projections cannot be replayed is refused, naming the replayable ones")
    func nonReplayableStageRefused() async throws {
        try await Self.withReplaySetup {
            (database: TestDatabase, cluster: TestCluster, _: AggregateStages, folder: String) async throws in
            for name in ["audit", "erasure", "archive"] {
                let error = await #expect(throws: RuntimeError.self) {
                    try await StageReplay.run(
                        stage: try #require(cluster.pipeline.stage(named: name)), pipeline: cluster.pipeline,
                        database: database.configuration, liveClient: database.client,
                        keyWrapper: try KeyWrapper(secret: RunningSystem.encryptionSecret), kafka: nil,
                        archive: FolderArchiveStorage(root: folder), bounds: ReplayBounds(),
                        progress: ReplayProgress(expected: 0, isTerminal: false), logger: Logger(label: "test-replay"))
                }
                let message = error.map { String(describing: $0) } ?? ""
                #expect(message.contains("cannot be replayed") && message.contains("access_log"), "\(name): \(message)")
            }
            #expect(try await database.scalar("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'replay_%'") == 0)
        }
    }

    // MARK: helpers

    /// A test database, an embedded cluster with `pipeline`, the aggregate stages over both, and an empty archive
    /// folder (removed afterwards).
    static func withReplaySetup(
        _ pipeline: PipelineSpec? = nil,
        _ body: (TestDatabase, TestCluster, AggregateStages, String) async throws -> Void
    ) async throws {
        try await TestDatabase.with { database in
            let cluster = try pipeline.map { try TestCluster(pipeline: $0) } ?? TestCluster()
            let folder = NSTemporaryDirectory() + "replay-test-" + UUID().uuidString
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: folder) }
            try await body(database, cluster, AggregateStages(database: database, cluster: cluster), folder)
        }
    }

    func archiveStage(_ cluster: TestCluster, _ database: TestDatabase, _ folder: String) throws -> ArchiveStage {
        ArchiveStage(
            settings: .init(
                stage: try #require(cluster.pipeline.stage(named: "archive")), kafka: cluster.configuration,
                owner: "archive", storage: FolderArchiveStorage(root: folder)),
            client: database.client, logger: Logger(label: "test-archive"))
    }
}

/// True for the first caller only.
final class OnceFlag: Sendable {
    private let taken = Mutex(false)

    func first() -> Bool {
        taken.withLock { taken in
            defer { taken = true }
            return !taken
        }
    }
}

/// What the readers saw.
final class ReadWatch: Sendable {
    private struct State {
        var count = 0
        var last = 0
        var decreases = 0
        var failures: [String] = []
    }
    private let state = Mutex(State())
    var count: Int { state.withLock { $0.count } }
    var decreases: Int { state.withLock { $0.decreases } }
    var failures: [String] { state.withLock { $0.failures } }

    func saw(rows: Int) {
        state.withLock {
            $0.count += 1
            if rows < $0.last { $0.decreases += 1 }
            $0.last = max($0.last, rows)
        }
    }

    func failed(_ error: any Error) { state.withLock { $0.failures.append(String(reflecting: error)) } }
}

/// A bounded read load on the projections, as the API's usage and access-log endpoints read them.
struct ReadLoad: Service {
    let database: TestDatabase
    let watch: ReadWatch

    func run() async throws {
        for _ in 0..<20_000 where !Task.isCancelled {
            do {
                let rows = try await database.scalar("SELECT count(*) FROM api_access_logs")
                _ = try await database.scalar("SELECT COALESCE(sum(total_requests), 0)::bigint FROM api_key_usage")
                _ = try await database.scalar("SELECT count(*) FROM rate_limit_stats")
                watch.saw(rows: rows)
            } catch {
                if Task.isCancelled { return }
                watch.failed(error)
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }
}

/// The API's read endpoints over HTTP, bounded and paced under the max tier's 400 requests a minute: every
/// answer must be a 200.
struct APIReadLoad: Service {
    let system: RunningSystem
    let key: APIKeySecret
    let watch: ReadWatch

    func run() async throws {
        let paths = ["/api/v1/access-logs?limit=5", "/api/v1/usage", "/api/v1/usage/rate-limits"]
        for index in 0..<20_000 where !Task.isCancelled {
            let path = paths[index % paths.count]
            do {
                let answer = try await system.request("GET", path, key: key.value)
                if answer.status == 200 {
                    watch.saw(rows: 0)
                } else {
                    watch.failed(
                        APIReadFailure(
                            path: path, status: answer.status,
                            body: String(decoding: answer.raw.prefix(300), as: UTF8.self)))
                }
            } catch {
                if Task.isCancelled { return }
                watch.failed(error)
            }
            try? await Task.sleep(for: .milliseconds(200))
        }
    }
}

struct APIReadFailure: Error {
    let path: String
    let status: Int
    let body: String
}
