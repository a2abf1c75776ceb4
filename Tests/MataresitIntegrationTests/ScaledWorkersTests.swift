import Foundation
import Logging
import MataresitCore
import MataresitFuzzSupport
import MataresitKafka
import MataresitStore
import Testing

/// Real processes: `mataresit broker` plus three `mataresit work` processes running the three request stages over
/// the 12 partitions of api.requests.v1, while the test produces events and kills a random worker with SIGKILL at
/// points spread over the run, starting a replacement each time. Default 20,000 events and 4 kills; the issue's
/// long run is `MATARESIT_SCALED_EVENTS=1000000 MATARESIT_SCALED_KILLS=50` (`ops/chaos.sh`).
@Suite("Scaled workers as real processes under kill -9")
struct ScaledWorkersTests {
    static let stages = ["requests"]
    static let keyCount = 48

    var eventCount: Int {
        ProcessInfo.processInfo.environment["MATARESIT_SCALED_EVENTS"].flatMap(Int.init).map {
            min(max($0, 1_000), 2_000_000)
        }
            ?? 20_000
    }
    var killCount: Int {
        ProcessInfo.processInfo.environment["MATARESIT_SCALED_KILLS"].flatMap(Int.init).map { min(max($0, 1), 100) }
            ?? 4
    }

    @Test("3 workers, 12 partitions, random kill -9 with replacements: totals exact, views equal the projections")
    func killNineWorkers() async throws {
        try await TestDatabase.with { database in
            let processes = try ChildProcesses()
            defer { processes.killAll() }
            let load = try await ScaledLoad.make(events: eventCount, keys: Self.keyCount, in: database)
            let environment = try Self.environment(for: database)

            let broker = try processes.start(
                "broker", ChildProcesses.mataresitExecutable, ["broker"], environment: environment)
            let bootstrap = try await processes.awaitLine(from: broker, prefix: "KAFKA_BROKERS=", timeout: .seconds(30))
            var workerEnvironment = environment
            workerEnvironment["KAFKA_BROKERS"] = bootstrap
            let seed =
                ProcessInfo.processInfo.environment["MATARESIT_SCALED_SEED"].flatMap(UInt64.init)
                ?? UInt64.random(in: 1...UInt64(Int64.max))
            print("scaled-workers: seed \(seed) (MATARESIT_SCALED_SEED=\(seed) repeats its kill delays and victims)")
            let workers = WorkerPool(
                processes: processes, environment: workerEnvironment, seed: seed, plannedKills: killCount)
            for _ in 0..<3 { try workers.startOne() }

            let started = ContinuousClock.now
            let progress = StageProgress(database: database, stages: Self.stages, target: load.events.count)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await load.produce(to: bootstrap, pacedBy: progress, killsOf: workers) }
                group.addTask { try await workers.killAlongProgress(of: progress) }
                group.addTask {
                    let budget = Duration.seconds(120 + load.events.count / 250)
                    let done = try await progress.waitUntilComplete(timeout: budget, started: started)
                    let committed = try await progress.committed()
                    try #require(done, "stages stuck: \(committed); workers: \(workers.logTails())")
                }
                try await group.waitForAll()
            }
            for (stage, elapsed) in progress.completionTimes.sorted(by: { $0.key < $1.key }) {
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                print(
                    "scaled-workers: \(stage) applied \(load.events.count) events in \(String(format: "%.1f", seconds)) s "
                        + "(\(Int(Double(load.events.count) / seconds)) events/s, \(workers.kills) kills)")
            }
            #expect(workers.kills == killCount, "every planned kill happened")
            await workers.stopAll()

            #expect(try await database.scalar("SELECT count(*) FROM api_access_logs") == load.events.count)
            #expect(
                try await database.scalar("SELECT count(DISTINCT event_id) FROM api_access_logs") == load.events.count)
            #expect(
                try await database.scalar("SELECT sum(total_requests)::bigint FROM api_key_usage") == load.keyedCount)
            #expect(
                try await database.scalar("SELECT sum(total_requests)::bigint FROM rate_limit_hourly_total")
                    == load.events.count)
            let problems = try await UsageOracle(database: database).allMismatches(expectedKeys: Self.keyCount)
            #expect(problems.isEmpty, "\(problems.prefix(20))")
            let fenced = try await database.scalar("SELECT count(*) FROM stage_offsets WHERE epoch > 1")
            #expect(fenced > 0, "kills moved partitions to other workers (epochs bumped)")
        }
    }

    /// What every child needs: the test database, the encryption key, the repository's pipeline, quiet logs.
    static func environment(for database: TestDatabase) throws -> [String: String] {
        let server = try #require(ProcessInfo.processInfo.environment[TestDatabase.urlVariable])
        var url = try #require(URLComponents(string: server))
        url.path = "/" + database.configuration.database
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return [
            "DATABASE_URL": try #require(url.string), "API_KEY_ENCRYPTION_KEY": RunningSystem.encryptionSecret,
            "MATARESIT_PIPELINE": root.appendingPathComponent("streams/pipeline.yaml").path, "LOG_LEVEL": "info"
        ]
    }
}

/// The worker processes of the test; each one's output stays in its own log file.
final class WorkerPool: @unchecked Sendable {
    private let processes: ChildProcesses
    private let environment: [String: String]
    private let lock = NSLock()
    private var running: [ChildProcesses.Child] = []
    private var started = 0
    private var random: FuzzRandom
    let plannedKills: Int
    private(set) var kills = 0

    init(processes: ChildProcesses, environment: [String: String], seed: UInt64, plannedKills: Int) {
        self.plannedKills = plannedKills
        self.processes = processes
        self.environment = environment
        self.random = FuzzRandom(seed: seed)
    }

    /// Holds the last chunk of the load back until every planned kill has happened, so work stays in flight for
    /// each kill however slowly the kill loop runs on a loaded machine, without slowing the run when it keeps up.
    func waitForKills(beforeProducing index: Int, chunk: Int, target: Int) async throws {
        guard index + chunk >= target else { return }
        while lock.withLock({ kills }) < plannedKills { try await Task.sleep(for: .milliseconds(50)) }
    }

    func startOne() throws {
        let number = lock.withLock {
            started += 1; return started
        }
        var environment = self.environment
        environment["MATARESIT_INSTANCE"] = "worker-\(number)"
        let arguments = ["work"] + ScaledWorkersTests.stages.flatMap { ["--stage", $0] }
        let child = try processes.start(
            "worker-\(number)", ChildProcesses.mataresitExecutable, arguments, environment: environment)
        lock.withLock { running.append(child) }
    }

    /// Kills a worker `plannedKills` times, spread over the run, and starts a replacement each time: the k-th kill
    /// comes once the slowest stage has committed k/times of the events (the first as soon as partitions are
    /// claimed), plus up to half a second. Kills keyed to progress rather than the clock all happen, however fast the stages
    /// run. The victim is a random running worker among those owning partitions, so every kill moves work.
    func killAlongProgress(of progress: StageProgress) async throws {
        let times = plannedKills
        for kill in 0..<times {
            let threshold = progress.target * kill / times
            try await Task.sleep(for: .milliseconds(lock.withLock { random.below(501) }))
            var victim: ChildProcesses.Child?
            while victim == nil {
                if try await progress.isComplete() { return }
                if try await (progress.committed().values.min() ?? 0) >= threshold {
                    let owners = try await progress.owners()
                    victim = lock.withLock {
                        let candidates = running.indices.filter { owners.contains(running[$0].name) }
                        return candidates.isEmpty ? nil : running.remove(at: candidates[random.below(candidates.count)])
                    }
                }
                if victim == nil { try await Task.sleep(for: .milliseconds(100)) }
            }
            guard let victim else { return }
            processes.kill9(victim)
            lock.withLock { kills += 1 }
            try startOne()
        }
    }

    func stopAll() async {
        for child in lock.withLock({ running }) { await processes.terminate(child) }
        lock.withLock { running.removeAll() }
    }

    func logTails() -> String {
        lock.withLock { running }.map { "\($0.name): \(processes.output(of: $0).suffix(1500))" }.joined(separator: "\n")
    }
}

/// Watches the stages' committed offsets until each has consumed every message.
final class StageProgress: @unchecked Sendable {
    let database: TestDatabase
    let stages: [String]
    let target: Int
    private let lock = NSLock()
    private var completed: [String: Duration] = [:]

    init(database: TestDatabase, stages: [String], target: Int) {
        self.database = database
        self.stages = stages
        self.target = target
    }

    var completionTimes: [String: Duration] { lock.withLock { completed } }

    func committed() async throws -> [String: Int] {
        var result: [String: Int] = [:]
        for stage in stages {
            result[stage] = try await database.scalar(
                "SELECT COALESCE(sum(next_offset), 0)::bigint FROM stage_offsets WHERE stage = \(stage)")
        }
        return result
    }

    func isComplete() async throws -> Bool { lock.withLock { completed.count == stages.count } }

    /// The instances that hold partitions of the stages now (their last claims).
    func owners() async throws -> Set<String> {
        let rows = try await database.client.query(
            "SELECT DISTINCT owner FROM stage_offsets WHERE owner IS NOT NULL", logger: database.logger)
        var owners: Set<String> = []
        for try await owner in rows.decode(String.self) { owners.insert(owner) }
        return owners
    }

    func waitUntilComplete(timeout: Duration, started: ContinuousClock.Instant) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            for (stage, count) in try await committed() where count >= target {
                lock.withLock { if completed[stage] == nil { completed[stage] = ContinuousClock.now - started } }
            }
            if try await isComplete() { return true }
            try await Task.sleep(for: .milliseconds(250))
        }
        return false
    }
}

/// Request events over many keys (so all 12 partitions carry traffic), with `api_keys` rows for the view.
struct ScaledLoad: Sendable {
    let events: [EventEnvelope]
    var keyedCount: Int {
        events.filter { event in
            if case .apiRequest(let request) = event.payload { return request.apiKeyID != nil }
            return false
        }.count
    }

    static func make(events count: Int, keys keyCount: Int, in database: TestDatabase) async throws -> ScaledLoad {
        let user = try await UserStore(client: database.client, logger: database.logger)
            .createOrFind(email: "scaled-\(UUID().uuidString.prefix(8))@example.test", tier: .pro).id
        let keys = (0..<keyCount).map { _ in UUID() }
        try await database.client.query(
            """
            INSERT INTO api_keys (id, user_id, name, key_hash, key_prefix, scopes)
            SELECT k, \(user), 'scaled key ' || k::text, 'hash-' || k::text, 'mk_test_' || left(k::text, 4),
                   ARRAY['analytics:read']
            FROM unnest(\(keys)::uuid[]) AS k
            """, logger: database.logger)
        let now = Date().microsecondsSince1970
        let statuses = [200, 200, 200, 201, 204, 400, 404, 429, 500]
        let events = (0..<count).map { index in
            let key = index % 41 == 0 ? nil : keys[index % keyCount]
            let status = statuses[index % statuses.count]
            // Mostly the last 10 minutes; every 100th event a few hours late.
            let late = index % 100 == 0 ? Int64(index % 7 + 1) * UTCTime.microsPerHour : 0
            let request = ApiRequestEvent(
                apiKeyID: key, apiKeyPrefix: key.map { _ in "mk_test_abcd" }, userID: key.map { _ in user },
                tier: "pro",
                method: "GET", route: "/api/v1/receipts", path: "/api/v1/receipts", status: status,
                durationMicros: UInt64(index % 3 == 0 ? index % 40_000 : (index * 7919) % 3_000_000),
                rateLimit: status == 429 ? .limited : .allowed)
            return EventEnvelope(
                occurredAtMicros: now - late - Int64(index % 600_000_000), producer: "scaled-test",
                payload: .apiRequest(request))
        }
        return ScaledLoad(events: events)
    }

    /// Produces in chunks, keyed like the API, waiting for each chunk's delivery (consumers read meanwhile) and
    /// while the slowest stage is more than 120,000 events behind: the embedded broker keeps only about 5 MiB
    /// per partition, so an unpaced million would be dropped before it is read. A chunk also waits for the kills
    /// due before it, so the stages cannot finish before the last planned kill.
    func produce(to bootstrap: String, pacedBy progress: StageProgress, killsOf workers: WorkerPool) async throws {
        let configuration = KafkaConfiguration(bootstrapServers: bootstrap, clientID: "scaled-test")
        let producer = try KafkaProducer(configuration: configuration, logger: Logger(label: "scaled-producer"))
        for chunk in stride(from: 0, to: events.count, by: 2_000) {
            try await workers.waitForKills(beforeProducing: chunk, chunk: 2_000, target: events.count)
            while try await chunk - (progress.committed().values.min() ?? 0) > 120_000 {
                try await Task.sleep(for: .milliseconds(200))
            }
            for event in events[chunk..<min(chunk + 2_000, events.count)] {
                guard case .apiRequest(let request) = event.payload else { continue }
                let key = (request.apiKeyID ?? event.id).byteArray
                while try producer.send(topic: Topics.apiRequests, key: key, value: EventCodec.encode(event))
                    == .queueFull
                {
                    try await Task.sleep(for: .milliseconds(5))
                }
            }
            let undelivered = await producer.flush(timeout: .seconds(30))
            try #require(undelivered == 0, "\(undelivered) events were not delivered")
        }
        #expect(producer.statistics.failed == 0)
        await producer.shutdown(flushTimeout: .seconds(5))
    }
}
