import Foundation
import Logging
import MataresitCore
import MataresitKafka
import MataresitStreams
import Synchronization
import Testing

/// The disk fills up under the archive and the spool (a real, tiny tmpfs; then grown): a clear error, a
/// metric, no crash, nothing committed that is not on disk, and once there is room again everything is written
/// exactly once and reads back intact. Needs permission to mount a tmpfs (root, as `ops/test.sh` runs).
@Suite("Disk full", .serialized, .enabled(if: TinyDisk.isAvailable, "needs permission to mount a tmpfs"))
struct DiskFullTests {
    @Test("the archive stage waits out a full disk, then archives every event once")
    func archiveOnAFullDisk() async throws {
        let disk = try TinyDisk(kilobytes: 128)
        defer { disk.remove() }
        try await TestDatabase.with { database in
            let cluster = try TestCluster()
            let events = EventFactory.requestEvents(count: 20_000)
            try await EventFactory.produce(events, to: cluster)
            let archive = ArchiveStage(
                settings: .init(
                    stage: try #require(cluster.pipeline.stage(named: "archive")), kafka: cluster.configuration,
                    owner: "disk", storage: FolderArchiveStorage(root: disk.path + "/archive")),
                client: database.client, logger: Logger(label: "test-archive"))
            let sawFullDisk = Mutex(false)
            let done = try await runService(archive) {
                if archive.statistics.diskWriteErrors > 0, !sawFullDisk.withLock({ $0 }) {
                    let committed = try await database.scalar(
                        "SELECT COALESCE(sum(next_offset), 0)::bigint FROM stage_offsets WHERE stage = 'archive'")
                    #expect(committed < events.count, "the full disk stopped the commits")
                    try disk.grow(megabytes: 64)
                    sawFullDisk.withLock { $0 = true }
                }
                return try await database.scalar(
                    "SELECT COALESCE(sum(next_offset), 0)::bigint FROM stage_offsets WHERE stage = 'archive'")
                    >= events.count
            }
            #expect(done && sawFullDisk.withLock { $0 }, "the stage hit the full disk, waited, and caught up")
            let verification = try await ArchiveReader(directory: disk.path + "/archive").verify()
            #expect(verification.problems.isEmpty, "\(verification.problems)")
            #expect(verification.events == events.count, "every event archived once")
        }
    }

    @Test("the spool keeps events in memory while the disk is full and writes them intact once there is room")
    func spoolOnAFullDisk() throws {
        let disk = try TinyDisk(kilobytes: 64)
        defer { disk.remove() }
        let spool = try EventSpool(directory: disk.path + "/spool", logger: Logger(label: "test-spool"))
        // Random bytes do not compress: 2,000 × 100 bytes cannot fit in 64 KiB.
        let records = (0..<2_000).map { index in
            SpoolRecord(
                topic: Topics.apiRequests, key: Array("k\(index)".utf8),
                value: (0..<100).map { _ in UInt8.random(in: 0...255) })
        }
        spool.append(records)
        #expect(throws: (any Error).self) { try spool.flush() }
        #expect(spool.depth == records.count, "nothing dropped")
        try disk.grow(megabytes: 16)
        try spool.flush()
        let segments = try spool.sealedSegments()
        let read = try segments.map { try spool.contents(of: $0) }
        #expect(read.allSatisfy { $0.damage == nil }, "the partial block was cut off")
        #expect(read.flatMap(\.records).map(\.value) == records.map(\.value))
    }
}

/// A tmpfs of a given size, mounted on a folder of its own.
struct TinyDisk {
    let path: String

    static let isAvailable: Bool = {
        guard geteuid() == 0, let disk = try? TinyDisk(kilobytes: 16) else { return false }
        disk.remove()
        return true
    }()

    init(kilobytes: Int) throws {
        path = NSTemporaryDirectory() + "mataresit-tiny-disk-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try Self.mount(["-t", "tmpfs", "-o", "size=\(kilobytes)k", "tmpfs", path])
    }

    func grow(megabytes: Int) throws {
        try Self.mount(["-o", "remount,size=\(megabytes)m", path])
    }

    func remove() {
        _ = try? Self.run("/bin/umount", [path])
        try? FileManager.default.removeItem(atPath: path)
    }

    private static func mount(_ arguments: [String]) throws {
        let status = try run("/bin/mount", arguments)
        guard status == 0 else { throw CocoaError(.fileWriteNoPermission) }
    }

    private static func run(_ tool: String, _ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
