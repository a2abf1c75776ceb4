import Foundation
import Logging
import MataresitCore
import MataresitKafka
import MataresitStreams
import Synchronization
import Testing

/// A stage held back while the broker drops the offsets it needs next (the embedded broker keeps about 5 MiB
/// per partition): with the archive holding them, the stage reads the gap from the archive and every event is
/// projected once; without, it stops with an error naming stage, partition and range. Never a silent skip.
@Suite("Retention gap", .serialized)
struct RetentionGapTests {
    static let partition = TopicPartition(topic: Topics.apiRequests, partition: 0)

    @Test("the archive holds the gap: the stage reads it from there and misses nothing")
    func gapReadFromArchive() async throws {
        try await TestDatabase.with { database in
            let cluster = try TestCluster()
            let folder = NSTemporaryDirectory() + "retention-gap-" + UUID().uuidString
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let harness = StageHarness(database: database, cluster: cluster)
            let sent = try await holdBackUntilDropped(harness, archiveFolder: folder)
            let check = RetentionGapCheck(
                kafka: cluster.configuration, archive: FolderArchiveStorage(root: folder), logger: database.logger)
            let error = try await harness.run(try harness.runner(owner: "after", gapCheck: check)) {
                try await harness.rows >= sent
            }
            #expect(error == nil)
            #expect(try await harness.rows == sent, "every event once, the dropped ones from the archive")
            #expect(try await database.scalar("SELECT count(DISTINCT event_id) FROM api_access_logs") == sent)
        }
    }

    @Test("nothing holds the gap: the stage stops with an error naming stage, partition and range")
    func gapStopsTheStage() async throws {
        try await TestDatabase.with { database in
            let cluster = try TestCluster()
            let harness = StageHarness(database: database, cluster: cluster)
            _ = try await holdBackUntilDropped(harness, archiveFolder: nil)
            let check = RetentionGapCheck(kafka: cluster.configuration, archive: nil, logger: database.logger)
            let error = try await harness.run(try harness.runner(owner: "after", gapCheck: check)) { false }
            let gap = try #require(error as? RetentionGap, "\(String(describing: error))")
            #expect(gap.stage == "requests" && gap.partition == Self.partition && !gap.archived)
            #expect(gap.missing.lowerBound == 10, "the stage had committed offsets 0...9")
            #expect(gap.description.contains("api.requests.v1[0]") && gap.description.contains("10..."))
            #expect(try await harness.rows == 10, "nothing after the gap was applied")
        }
    }

    /// The stage commits 10 events of partition 0 and stops; then enough big events follow that the broker
    /// drops the oldest (the archive stage, when given a folder, keeps up meanwhile). Returns the events sent.
    func holdBackUntilDropped(_ harness: StageHarness, archiveFolder: String?) async throws -> Int {
        let cluster = harness.cluster, database = harness.database
        try await send(Self.events(count: 10, pathBytes: 10), to: cluster)
        #expect(try await harness.run(try harness.runner(owner: "before")) { try await harness.rows >= 10 } == nil)
        let archive = try archiveFolder.map { folder in
            ArchiveStage(
                settings: .init(
                    stage: try #require(cluster.pipeline.stage(named: "archive")), kafka: cluster.configuration,
                    owner: "archive", storage: FolderArchiveStorage(root: folder)),
                client: database.client, logger: Logger(label: "test-archive"))
        }
        var sent = 10
        let admin = try KafkaAdmin(configuration: cluster.configuration, logger: database.logger)
        for _ in 0..<8 where try await admin.watermarks(Self.partition, timeout: .seconds(10)).low <= 10 {
            try await send(Self.events(count: 1_000, pathBytes: 4_000), to: cluster)
            sent += 1_000
            if let archive {
                let target = sent
                #expect(try await runService(archive) { try await archived(database) >= target })
            }
        }
        #expect(
            try await admin.watermarks(Self.partition, timeout: .seconds(10)).low > 10, "the broker dropped offsets")
        return sent
    }

    func archived(_ database: TestDatabase) async throws -> Int {
        try await database.scalar(
            "SELECT COALESCE(sum(next_offset), 0)::bigint FROM stage_offsets WHERE stage = 'archive' AND topic = \(Topics.apiRequests)"
        )
    }

    /// Request events whose path is `pathBytes` random letters (they barely compress).
    static func events(count: Int, pathBytes: Int) -> [EventEnvelope] {
        let letters = Array("abcdefghijklmnopqrstuvwxyz0123456789".utf8)
        var random = SystemRandomNumberGenerator()
        return (0..<count).map { _ in
            var bytes = [UInt8](repeating: 0, count: pathBytes)
            for start in stride(from: 0, to: pathBytes, by: 8) {  // eight letters per random word
                var word = random.next()
                for index in start..<min(start + 8, pathBytes) {
                    bytes[index] = letters[Int(word % 36)]
                    word >>= 8
                }
            }
            let path = "/" + String(decoding: bytes, as: UTF8.self)
            let request = ApiRequestEvent(
                apiKeyID: nil, apiKeyPrefix: nil, userID: nil, tier: nil, method: "GET", route: "/api/v1/receipts",
                path: path, status: 404, durationMicros: 900, rateLimit: .allowed)
            return EventEnvelope(
                occurredAtMicros: Date().microsecondsSince1970, producer: "test", payload: .apiRequest(request))
        }
    }

    func send(_ events: [EventEnvelope], to cluster: TestCluster) async throws {
        let producer = try KafkaProducer(configuration: cluster.configuration, logger: .init(label: "test-producer"))
        for event in events {
            while try producer.send(
                topic: Topics.apiRequests, partition: Self.partition.partition, key: event.id.byteArray,
                value: EventCodec.encode(event)) == .queueFull
            {
                try await Task.sleep(for: .milliseconds(5))
            }
        }
        #expect(await producer.flush(timeout: .seconds(30)) == 0)
        await producer.shutdown(flushTimeout: .seconds(5))
    }
}
