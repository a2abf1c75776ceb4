import Foundation
import Logging
import MataresitKafka
import Testing

@testable import MataresitStreams

/// The archive's files alone (no broker, no database): round trip, sealing, corruption named by file, crash recovery.
@Suite("ArchiveFormat")
struct ArchiveFormatTests {
    let partition = TopicPartition(topic: "api.requests.v1", partition: 3)

    @Test("records written in blocks and rolled segments read back exactly, with an index by offset and time")
    func roundTrip() async throws {
        try await withArchive { folder in
            let written = try await write(folder, blocks: [0..<40, 40..<90, 90..<100], rollBytes: 1)
            let reader = ArchiveReader(directory: folder)
            var read: [ArchiveRecord] = []
            try await reader.forEachRecord(in: partition) { read.append($0) }
            #expect(read == written)
            let segments = try await reader.segments(of: partition)
            #expect(segments.map(\.index.firstOffset) == [0, 40, 90])
            #expect(segments.allSatisfy { $0.sealed })
            #expect(segments.last?.index.maxEventMicros == written.last?.eventMicros)
            var middle: [Int64] = []
            try await reader.forEachRecord(in: partition, offsets: 45...50) { middle.append($0.offset) }
            #expect(middle == Array(45...50))
            let coverage = try #require(try await reader.coverage(of: partition))
            #expect(coverage.offsets == 0...99 && coverage.contiguous)
            let verification = try await reader.verify()
            #expect(verification.problems.isEmpty && verification.events == 100 && verification.segments == 3)
        }
    }

    @Test("a flipped byte in a sealed segment is reported with its file name and stops readers")
    func flippedByte() async throws {
        try await withArchive { folder in
            try await write(folder, blocks: [0..<50, 50..<100], rollBytes: 1)
            let damaged = "api.requests.v1/0003/" + ArchiveLayout.segmentName(firstOffset: 50)
            try await mutate(folder + "/" + damaged) { bytes in bytes[bytes.count / 2] ^= 0x40 }
            let problems = try await ArchiveReader(directory: folder).verify().problems
            #expect(problems.map(\.file) == [damaged, damaged])  // the block checksum and the index both disagree
            await #expect(throws: ArchiveError.self) {
                try await ArchiveReader(directory: folder).forEachRecord(in: partition) { _ in }
            }
        }
    }

    @Test("a truncated segment is reported with its file name")
    func truncated() async throws {
        try await withArchive { folder in
            try await write(folder, blocks: [0..<50, 50..<100], rollBytes: 1)
            let damaged = "api.requests.v1/0003/" + ArchiveLayout.segmentName(firstOffset: 0)
            try await mutate(folder + "/" + damaged) { bytes in bytes.removeLast(7) }
            let problems = try await ArchiveReader(directory: folder).verify().problems
            #expect(problems.contains(.truncated(file: damaged, position: 0)))
            #expect(problems.filter { $0.file != damaged }.isEmpty)
        }
    }

    @Test("after a crash mid-write the open segment is cut after its last whole block and writing continues")
    func tornTailRecovered() async throws {
        try await withArchive { folder in
            try await write(folder, blocks: [0..<30, 30..<60], rollBytes: 1 << 30)
            let open = folder + "/api.requests.v1/0003/" + ArchiveLayout.segmentName(firstOffset: 0)
            let torn = ArchiveBlock.encode(records(60..<80)).prefix(25)
            try await mutate(open) { bytes in bytes += torn }
            #expect(try await ArchiveReader(directory: folder).verify().problems.count == 1)
            let writer = ArchivePartitionWriter(
                partition: partition, layout: ArchiveLayout(root: folder), policy: .init(),
                logger: Logger(label: "test"))
            #expect(try await writer.recover() == 60)
            try writer.append(records(60..<80))
            try writer.seal()
            var offsets: [Int64] = []
            try await ArchiveReader(directory: folder).forEachRecord(in: partition) { offsets.append($0.offset) }
            #expect(offsets == Array(0..<80))
            #expect(try await ArchiveReader(directory: folder).verify().problems.isEmpty)
        }
    }

    // MARK: helpers

    @Test("a one-block segment's index name describes it; names that do not add up describe nothing")
    func describingIndexNames() throws {
        let records = records(10..<15)
        let block = ArchiveBlock.encode(records)
        let index = ArchiveSegmentIndex(
            bytes: block.count, crc32c: CRC32C.checksum(block),
            blocks: [ArchiveBlockEntry(position: 0, length: block.count, records: records)])
        let name = try #require(ArchiveIndexName.describing(index))
        #expect(name.hasPrefix("00000000000000000010.14."))
        #expect(ArchiveIndexName.parse(name) == index)
        let listing = ArchiveListing(names: ["00000000000000000010.seg", name])
        #expect(
            listing.isSealed("00000000000000000010.seg") && listing.summary(of: "00000000000000000010.seg") == index)
        for bad in [
            "00000000000000000010.idx", "00000000000000000010.9.0.0.5.100.1.idx", "x.14.0.0.5.100.1.idx",
            "00000000000000000010.14.0.0.5.-1.1.idx", "00000000000000000010.14.5.0.5.\(block.count).1.idx"
        ] {
            #expect(ArchiveIndexName.parse(bad) == nil, "\(bad)")
        }
        var twoBlocks = index
        twoBlocks.blocks.append(index.blocks[0])
        #expect(ArchiveIndexName.describing(twoBlocks) == nil, "only one-block segments are described by name")
    }

    func records(_ offsets: Range<Int64>) -> [ArchiveRecord] {
        offsets.map { offset in
            ArchiveRecord(
                offset: offset, eventMicros: 1_700_000_000_000_000 + offset * 1000,
                key: offset % 3 == 0 ? nil : Array("key-\(offset % 5)".utf8),
                value: Array("event \(offset) ".utf8) + Array(repeating: UInt8(offset % 251), count: Int(offset % 40)))
        }
    }

    @discardableResult
    func write(_ folder: String, blocks: [Range<Int64>], rollBytes: Int) async throws -> [ArchiveRecord] {
        let writer = ArchivePartitionWriter(
            partition: partition, layout: ArchiveLayout(root: folder), policy: .init(maxBytes: rollBytes),
            logger: Logger(label: "test"))
        try await writer.recover()
        var all: [ArchiveRecord] = []
        for block in blocks {
            try writer.append(records(block))
            all += records(block)
        }
        writer.close()
        return all
    }

    func mutate(_ path: String, _ change: (inout [UInt8]) -> Void) async throws {
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        change(&bytes)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    func withArchive(_ body: (String) async throws -> Void) async throws {
        let folder = NSTemporaryDirectory() + "archive-test-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await body(folder)
    }
}
