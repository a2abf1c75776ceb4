import Foundation
import Logging
import MataresitCore
import MataresitKafka
import MataresitRuntime
import MataresitStreams
import Testing

/// Two `mataresit work --stage archive` processes standing for two hosts (each its own local folders), one bucket
/// (`ARCHIVE_URL=s3://…`) and `mataresit broker`: one host is killed with SIGKILL while events flow, the other takes
/// its partitions over, and the bucket alone (`mataresit archive verify`, a replay with no broker) holds every
/// offset exactly once.
@Suite("Archive in object storage across hosts", .enabled(if: TestBucket.available, TestBucket.skipReason))
struct ObjectArchiveHostsTests {
    static let eventCount = 4_000

    @Test("kill -9 one of two hosts mid-run: verify and a replay from the bucket alone find every offset once")
    func twoHostsOneBucket() async throws {
        try await TestDatabase.with { database in
            let processes = try ChildProcesses()
            defer { processes.killAll() }
            let bucket = try await TestBucket.make()
            var environment = try ScaledWorkersTests.environment(for: database).merging(try TestBucket.environment()) {
                $1
            }
            environment["ARCHIVE_URL"] = bucket.location.description
            let broker = try processes.start(
                "broker", ChildProcesses.mataresitExecutable, ["broker"], environment: environment)
            environment["KAFKA_BROKERS"] = try await processes.awaitLine(
                from: broker, prefix: "KAFKA_BROKERS=", timeout: .seconds(30))
            let hosts = try ["host-a", "host-b"].map { try Self.startHost($0, environment, processes) }

            let events = EventFactory.requestEvents(count: Self.eventCount, keys: (0..<24).map { _ in UUID() })
            let producer = try KafkaProducer(
                configuration: KafkaConfiguration(bootstrapServers: environment["KAFKA_BROKERS"]!, clientID: "hosts"),
                logger: Logger(label: "hosts-producer"))
            try await Self.produce(events[..<(Self.eventCount / 2)], with: producer)
            let halfway = try await eventually(timeout: .seconds(90)) {
                try await Self.committed(database) >= Self.eventCount / 4
            }
            try #require(halfway, "the archive stage did not start: \(processes.output(of: hosts[0]).suffix(2000))")
            processes.kill9(hosts[0])
            try await Self.produce(events[(Self.eventCount / 2)...], with: producer)
            await producer.shutdown(flushTimeout: .seconds(10))
            let done = try await eventually(timeout: .seconds(120)) {
                try await Self.committed(database) >= Self.eventCount
            }
            try #require(done, "host-b did not take over: \(processes.output(of: hosts[1]).suffix(2000))")
            #expect(await processes.terminate(hosts[1]))

            let verify = try processes.start(
                "verify", ChildProcesses.mataresitExecutable, ["archive", "verify"], environment: environment)
            #expect(await processes.exitStatus(of: verify) == 0, "\(processes.output(of: verify))")
            #expect(processes.output(of: verify).contains("\(Self.eventCount) events"))
            let list = try processes.start(
                "ls", ChildProcesses.mataresitExecutable, ["archive", "ls", "--url", bucket.location.description],
                environment: environment)
            #expect(await processes.exitStatus(of: list) == 0, "\(processes.output(of: list).suffix(2000))")
            #expect(processes.output(of: list).contains("\(Self.eventCount) events"))
            let archived = try await ObjectArchiveTests.archivedIDs(bucket)
            #expect(archived.count == Self.eventCount && Set(archived) == Set(events.map(\.id)))

            let pipeline = try PipelineSpec.load(path: try #require(environment["MATARESIT_PIPELINE"]))
            let outcome = try await StageReplay.run(
                stage: try #require(pipeline.stage(hosting: .accessLog)), pipeline: pipeline,
                database: database.configuration, liveClient: database.client,
                keyWrapper: try KeyWrapper(secret: RunningSystem.encryptionSecret), kafka: nil, archive: bucket,
                bounds: ReplayBounds(), progress: ReplayProgress(expected: 0, isTerminal: false),
                logger: Logger(label: "hosts-replay"))
            #expect(outcome.events == Self.eventCount && outcome.swapped)
            #expect(
                try await database.scalar("SELECT count(DISTINCT event_id) FROM api_access_logs") == Self.eventCount)
            #expect(try await database.scalar("SELECT count(*) FROM api_access_logs") == Self.eventCount)
        }
    }

    /// A worker with its own spool and archive folders (the bucket overrides the latter).
    static func startHost(_ name: String, _ environment: [String: String], _ processes: ChildProcesses) throws
        -> ChildProcesses.Child
    {
        var environment = environment
        let folder = NSTemporaryDirectory() + "mataresit-\(name)-" + UUID().uuidString
        environment["MATARESIT_INSTANCE"] = name
        environment["ARCHIVE_DIR"] = folder + "/archive"
        environment["SPOOL_DIR"] = folder + "/spool"
        return try processes.start(
            name, ChildProcesses.mataresitExecutable, ["work", "--stage", "archive"], environment: environment)
    }

    static func produce(_ events: ArraySlice<EventEnvelope>, with producer: KafkaProducer) async throws {
        for event in events {
            guard case .apiRequest(let request) = event.payload else { continue }
            let key = (request.apiKeyID ?? event.id).byteArray
            while try producer.send(topic: Topics.apiRequests, key: key, value: EventCodec.encode(event)) == .queueFull
            {
                try await Task.sleep(for: .milliseconds(5))
            }
        }
        #expect(await producer.flush(timeout: .seconds(30)) == 0)
    }

    static func committed(_ database: TestDatabase) async throws -> Int {
        try await database.scalar(
            """
            SELECT COALESCE(sum(next_offset), 0)::bigint FROM stage_offsets
            WHERE stage = 'archive' AND topic = \(Topics.apiRequests)
            """)
    }
}
