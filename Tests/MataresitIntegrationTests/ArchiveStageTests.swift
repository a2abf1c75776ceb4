import Foundation
import Logging
import MataresitCore
import MataresitKafka
import MataresitStore
import ServiceLifecycle
import Testing

@testable import MataresitStreams

/// The archive stage against the embedded broker and Postgres: every event archived exactly once, offsets
/// committed after the fsync, and a crash between fsync and commit (with a torn block) neither loses nor
/// duplicates anything.
@Suite("ArchiveStage", .serialized)
struct ArchiveStageTests {
    @Test("every produced event is archived once and the committed offsets follow the archive")
    func archivesEveryEvent() async throws {
        try await TestDatabase.with { database in
            let cluster = try TestCluster()
            let folder = Self.temporaryFolder()
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let events = EventFactory.requestEvents(count: 600)
            try await EventFactory.produce(events, to: cluster)
            try await runArchive(database, cluster, folder, until: 600)

            let archived = try await Self.archivedIDs(folder)
            #expect(archived.count == 600)
            #expect(Set(archived) == Set(events.map(\.id)))
            let reader = ArchiveReader(directory: folder)
            for partition in try await reader.partitions() {
                // A partition with no events has no coverage.
                guard let coverage = try await reader.coverage(of: partition) else { continue }
                let committed = try await database.scalar(
                    """
                    SELECT next_offset FROM stage_offsets
                    WHERE stage = 'archive' AND topic = \(partition.topic) AND partition = \(Int(partition.partition))::integer
                    """)
                #expect(Int64(committed) == coverage.offsets.upperBound + 1)
            }
            #expect(try await reader.verify().problems.isEmpty)
        }
    }

    @Test("fsynced but uncommitted blocks and a torn tail after a crash: nothing lost, nothing twice")
    func crashBetweenFsyncAndCommit() async throws {
        try await TestDatabase.with { database in
            let cluster = try TestCluster()
            let folder = Self.temporaryFolder()
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let first = EventFactory.requestEvents(count: 300)
            try await EventFactory.produce(first, to: cluster)
            try await runArchive(database, cluster, folder, until: 300)

            // The crash: the last commit of every partition lost (offsets moved back), and a torn block on disk.
            try await database.client.query(
                "UPDATE stage_offsets SET next_offset = GREATEST(next_offset - 7, 0) WHERE stage = 'archive'",
                logger: database.logger)
            for segment in try await ArchiveReader(directory: folder).allSegments() where !segment.sealed {
                let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: folder + "/" + segment.file))
                try handle.seekToEnd()
                try handle.write(
                    contentsOf: Data(
                        ArchiveBlock.encode([.init(offset: 1 << 40, eventMicros: 0, key: nil, value: [1, 2, 3])])
                            .prefix(30)))
                try handle.close()
            }
            #expect(try await !ArchiveReader(directory: folder).verify().problems.isEmpty)

            let second = EventFactory.requestEvents(count: 200)
            try await EventFactory.produce(second, to: cluster)
            try await runArchive(database, cluster, folder, until: 500)

            let archived = try await Self.archivedIDs(folder)
            #expect(archived.count == 500)
            #expect(Set(archived) == Set((first + second).map(\.id)))
            #expect(try await ArchiveReader(directory: folder).verify().problems.isEmpty)
        }
    }

    // MARK: helpers

    func runArchive(_ database: TestDatabase, _ cluster: TestCluster, _ folder: String, until committed: Int)
        async throws
    {
        let spec = try #require(cluster.pipeline.stage(named: "archive"))
        let stage = ArchiveStage(
            settings: .init(
                stage: spec, kafka: cluster.configuration, owner: "test-archive",
                storage: FolderArchiveStorage(root: folder)),
            client: database.client, logger: Logger(label: "test-archive"))
        let done = try await runService(stage) {
            try await database.scalar(
                "SELECT COALESCE(sum(next_offset), 0)::bigint FROM stage_offsets WHERE stage = 'archive'") >= committed
        }
        #expect(done)
    }

    /// Event ids of everything archived for the requests topic, duplicates kept.
    static func archivedIDs(_ folder: String) async throws -> [UUID] {
        var ids: [UUID] = []
        try await ArchiveReader(directory: folder).forEachRecord { partition, record in
            guard partition.topic == Topics.apiRequests else { return }
            ids.append(try EventCodec.decode(record.value).id)
        }
        return ids
    }

    static func temporaryFolder() -> String { NSTemporaryDirectory() + "archive-stage-" + UUID().uuidString }
}

/// Runs a service until `condition` holds (or 60 s pass), then cancels it; returns whether the condition held.
func runService(_ service: some Service, until condition: @escaping @Sendable () async throws -> Bool) async throws
    -> Bool
{
    try await withThrowingTaskGroup(of: Bool?.self) { group in
        group.addTask {
            try await service.run()
            return nil
        }
        group.addTask { try await eventually(timeout: .seconds(60), condition) }
        while let result = try await group.next() {
            if let held = result {
                group.cancelAll()
                return held
            }
        }
        return false
    }
}
