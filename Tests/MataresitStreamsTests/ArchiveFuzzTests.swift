import Foundation
import Logging
import MataresitFuzzSupport
import MataresitKafka
import Testing

@testable import MataresitStreams

/// Seeded mutation fuzzing of `ArchiveReader` on an archive `ArchivePartitionWriter` wrote: sealed segments with
/// their indexes and an open segment. Each input replaces one file: a segment mutated byte-wise, a segment with one
/// block's plain records mutated and checksummed again (so the record parser meets garbage), or an index with its
/// JSON bytes or one of its numbers mutated.
///
/// `verify()` must report a problem naming that file exactly when it no longer holds what was written;
/// `records(of:)` and `forEachRecord` must return exactly the archived records or throw an `ArchiveError` naming
/// the file; listing and coverage must not trap. Nothing may crash or take over a second.
///
/// Short version in the test command (1,000 inputs). Long version, a hundred times as many, with the decoder and
/// spool fuzzers:
///
///     MATARESIT_FUZZ_SCALE=100 swift test --skip-build --disable-xctest --filter Fuzz
@Suite("Archive fuzz")
struct ArchiveFuzzTests {
    static let partition = TopicPartition(topic: "api.requests.v1", partition: 3)

    struct Block {
        let bytes: [UInt8]
        let plain: [UInt8]
        let records: [ArchiveRecord]
    }

    /// One segment as written: its blocks, and its index when sealed.
    struct Segment {
        let file: String
        let bytes: [UInt8]
        let blocks: [Block]
        let index: (bytes: [UInt8], value: ArchiveSegmentIndex)?
        var records: [ArchiveRecord] { blocks.flatMap(\.records) }
    }

    @Test("mutated segments and indexes are reported by file, never read as other records; nothing crashes or hangs")
    func mutatedArchive() async throws {
        let folder = fuzzFolder("archive-fuzz")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let segments = try await Self.corpus(folder)
        try #require(
            segments.contains { $0.index == nil } && segments.contains { $0.index != nil && $0.blocks.count > 1 })
        let blocks = segments.flatMap(\.blocks)
        let known = Dictionary(blocks.map { ($0.bytes, $0.records) }, uniquingKeysWith: { first, _ in first })
        let reader = ArchiveReader(directory: folder)

        var run = FuzzRun(name: "archive", short: 1_000)
        var failures = 0
        for _ in 0..<run.executions where failures < 5 {
            let target = run.random.below(segments.count)
            let segment = segments[target]
            let mutatingIndex = segment.index != nil && run.random.below(3) == 0
            var catalog = known
            let input: [UInt8]
            if let index = segment.index, mutatingIndex {
                input =
                    run.random.below(2) == 0
                    ? Self.replacingNumber(in: index.bytes, using: &run.random)
                    : ByteMutator.mutate(
                        index.bytes, donor: segments.compactMap(\.index).randomElement(using: &run.random)!.bytes,
                        using: &run.random)
            } else if run.random.below(4) == 0 {
                let position = run.random.below(segment.blocks.count)
                let plain = ByteMutator.mutate(
                    segment.blocks[position].plain, donor: blocks[run.random.below(blocks.count)].plain,
                    using: &run.random)
                let block = ChecksummedFrame.encode(plain, magic: ArchiveBlock.magic)
                if let records = try? ArchiveBlock.decode(block, at: 0, file: "fuzz").records {
                    let reencoded = try ChecksummedFrame.decode(
                        ArchiveBlock.encode(records), at: 0, magic: ArchiveBlock.magic)
                    if reencoded.plain != plain {
                        failures += 1
                        Issue.record("a block decoded into records that are not what it holds: plain \(hex(plain))")
                    }
                    catalog[block] = records
                }
                input =
                    segment.blocks[..<position].flatMap(\.bytes) + block
                    + segment.blocks[(position + 1)...].flatMap(\.bytes)
            } else {
                let donor = segments[run.random.below(segments.count)].bytes
                input = ByteMutator.mutate(segment.bytes, donor: donor, using: &run.random)
            }

            let path = folder + "/" + (mutatingIndex ? ArchiveLayout.indexName(ofSegment: segment.file) : segment.file)
            try Data(input).write(to: URL(fileURLWithPath: path))
            defer {
                try? Data(mutatingIndex ? segment.index!.bytes : segment.bytes).write(to: URL(fileURLWithPath: path))
            }

            // What an honest reader sees: the segment's records if the file still says what was written, else damage.
            let intact: Bool
            var expected = segments.map(\.records)
            if mutatingIndex {
                let parsed = try? JSONDecoder().decode(ArchiveSegmentIndex.self, from: Data(input))
                intact = parsed == segment.index!.value
            } else if segment.index != nil {
                intact = input == segment.bytes
            } else {
                let prefix = Self.intactPrefix(of: input, catalog: catalog)
                intact = prefix.end == input.count
                expected[target] = prefix.records
            }
            let elapsed = await run.execute(input) {
                let problems = await Self.problems(
                    reader, segments: segments, target: target, intact: intact, readable: mutatingIndex || intact,
                    expected: expected)
                for problem in problems {
                    failures += 1
                    Issue.record(
                        "\(problem); \(mutatingIndex ? "index" : "segment") \(segment.file) input \(hex(input))")
                }
                return intact
            }
            if elapsed > FuzzRun.perInputLimit {
                failures += 1
                Issue.record("input took \(elapsed): \(hex(input))")
            }
        }
        print(run.summary(acceptedAs: "still intact"))
    }

    @Test("regression: a sealed segment cut at a block boundary is refused by readers, not read as fewer events")
    func sealedSegmentCutAtBlockBoundary() async throws {
        try await withSealedArchive { folder, segments in
            let file = segments[0].file
            try Data(segments[0].blocks[0].bytes).write(to: URL(fileURLWithPath: folder + "/" + file))
            let reader = ArchiveReader(directory: folder)
            let listed = try await reader.segments(of: Self.partition)
            let cut = segments[0].blocks[0].bytes.count
            let mismatch = ArchiveError.indexMismatch(
                file: file, reason: "index says \(segments[0].bytes.count) bytes, \(cut) read cleanly")
            await #expect(throws: mismatch) { try await reader.records(of: listed[0]) }
            await #expect(throws: mismatch) { try await reader.forEachRecord(in: Self.partition) { _ in } }
            #expect(try await reader.verify().problems == [mismatch])
        }
    }

    @Test("regression: an index whose block count is Int64.max is damage, not an overflow trap")
    func indexCountOverflow() async throws {
        try await withSealedArchive { folder, segments in
            let path = folder + "/" + ArchiveLayout.indexName(ofSegment: segments[0].file)
            let json = String(decoding: segments[0].index!.bytes, as: UTF8.self)
            let count = "\"count\":\(segments[0].index!.value.blocks[1].count),"
            let secondBlock = json.range(of: "\"position\":0}")!.upperBound..<json.endIndex
            let range = try #require(json.range(of: count, range: secondBlock))
            try json.replacingCharacters(in: range, with: "\"count\":9223372036854775807,")  // as the fuzzer wrote it
                .write(toFile: path, atomically: false, encoding: .utf8)
            let reader = ArchiveReader(directory: folder)
            let listed = try await reader.segments(of: Self.partition)
            #expect(listed.reduce(0) { $0 + $1.index.events } == segments[1...].reduce(0) { $0 + $1.records.count })
            #expect(listed[0].damage?.file == segments[0].file)
            #expect(try await reader.verify().problems.map(\.file) == [segments[0].file])
            await #expect(throws: ArchiveError.self) { try await reader.coverage(of: Self.partition) }
        }
    }

    @Test("regression: a checksummed block claiming 2^32 - 1 records is corrupt, not a 70 GB allocation")
    func hugeRecordCount() {
        let plain: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF] + Array(repeating: 0, count: 20)
        let block = ChecksummedFrame.encode(plain, magic: ArchiveBlock.magic)
        #expect(throws: ArchiveError.corrupt(file: "f", position: 0, reason: "record runs past its block")) {
            try ArchiveBlock.decode(block, at: 0, file: "f")
        }
    }

    @Test("regression: indexes out of order across segments make coverage throw, not trap building its range")
    func coverageAcrossSegmentsOutOfOrder() async throws {
        try await withSealedArchive { folder, segments in
            // The first segment's index, consistent on its own, now claims offsets after the last segment's.
            let first = segments[0].index!.value
            let moved = ArchiveSegmentIndex(
                bytes: first.bytes, crc32c: first.crc32c,
                blocks: first.blocks.map { block in
                    ArchiveBlockEntry(
                        position: block.position, length: block.length,
                        records: [
                            ArchiveRecord(offset: 1_000_000 + block.firstOffset, eventMicros: 0, key: nil, value: [])
                        ])
                })
            let path = folder + "/" + ArchiveLayout.indexName(ofSegment: segments[0].file)
            try moved.encoded().write(to: URL(fileURLWithPath: path))
            await #expect(throws: ArchiveError.self) {
                try await ArchiveReader(directory: folder).coverage(of: Self.partition)
            }
        }
    }

    /// The fuzz corpus, in a fresh folder.
    func withSealedArchive(_ body: (String, [Segment]) async throws -> Void) async throws {
        let folder = fuzzFolder("archive-regression")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let segments = try await Self.corpus(folder)
        try #require(segments[0].index != nil && segments[0].blocks.count > 1)
        try await body(folder, segments)
    }

    /// Every way the reader disagrees with what `segments[target]` now holds. `readable`: its records are still
    /// what was written (only its index changed), so readers may return them; otherwise they must refuse.
    static func problems(
        _ reader: ArchiveReader, segments: [Segment], target: Int, intact: Bool, readable: Bool,
        expected: [[ArchiveRecord]]
    ) async -> [String] {
        let file = segments[target].file
        var found: [String] = []
        do {
            let verification = try await reader.verify()
            if verification.problems.isEmpty == !intact { found.append("verify reported \(verification.problems)") }
            if verification.problems.contains(where: { $0.file != file }) {
                found.append("verify blamed another file: \(verification.problems)")
            }
        } catch {
            found.append("verify threw \(error)")
        }
        do {
            let listed = try await reader.segments(of: partition)
            _ = listed.reduce(0) { $0 + $1.index.events }
            _ = listed.map {
                ($0.index.firstOffset, $0.index.lastOffset, $0.index.minEventMicros, $0.index.maxEventMicros)
            }
            for (position, segment) in listed.enumerated() where segment.damage == nil {
                do {
                    let records = try await reader.records(of: segment)
                    if records != expected[position] {
                        found.append("records(of: \(segment.file)) returned other records")
                    }
                    if segment.file == file, !readable {
                        found.append("records(of: \(segment.file)) read damage silently")
                    }
                } catch let error as ArchiveError {
                    if error.file != file || intact { found.append("records(of: \(segment.file)) threw \(error)") }
                }
            }
        } catch {
            found.append("listing threw \(error)")
        }
        do {
            var records: [ArchiveRecord] = []
            try await reader.forEachRecord(in: partition) { records.append($0) }
            if records != expected.flatMap({ $0 }) { found.append("forEachRecord returned other records") }
            if !readable { found.append("forEachRecord read damage silently") }
        } catch let error as ArchiveError {
            if error.file != file || intact { found.append("forEachRecord threw \(error)") }
        } catch {
            found.append("forEachRecord threw \(error)")
        }
        _ = try? await reader.coverage(of: partition)
        return found
    }

    /// The records of the leading blocks of `bytes` that are blocks of `catalog` with offsets rising, and where
    /// they end (the open segment's valid prefix).
    static func intactPrefix(of bytes: [UInt8], catalog: [[UInt8]: [ArchiveRecord]]) -> (
        records: [ArchiveRecord], end: Int
    ) {
        var records: [ArchiveRecord] = []
        var offset = 0
        while bytes.count - offset >= ChecksummedFrame.headerSize {
            let end = offset + ChecksummedFrame.headerSize + Int(bytes.readLE(UInt32.self, at: offset + 8))
            guard end <= bytes.count, let block = catalog[Array(bytes[offset..<end])], let first = block.first,
                first.offset > records.last?.offset ?? .min,
                zip(block, block.dropFirst()).allSatisfy({ $0.offset < $1.offset })
            else { break }
            records += block
            offset = end
        }
        return (records, offset)
    }

    /// The index JSON with one of its numbers replaced by an edge value.
    static func replacingNumber(in json: [UInt8], using random: inout FuzzRandom) -> [UInt8] {
        func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
        // Starts of unsigned numbers: a digit after neither a digit nor a minus sign.
        let digits = json.indices.filter {
            isDigit(json[$0]) && ($0 == 0 || !(isDigit(json[$0 - 1]) || json[$0 - 1] == 0x2D))
        }
        guard let start = digits.isEmpty ? nil : digits[random.below(digits.count)] else { return json }
        var end = start
        while end < json.count, isDigit(json[end]) { end += 1 }
        let values = [
            "0", "-1", "1", "16", "9223372036854775807", "-9223372036854775808", "4294967295", "18446744073709551616",
            String(Int64(bitPattern: random.next())), String(random.below(4096))
        ]
        var mutated = json
        mutated.replaceSubrange(start..<end, with: Array(values[random.below(values.count)].utf8))
        return mutated
    }

    /// Sealed segments of several blocks each, then an open one, as the archive stage leaves a partition.
    static func corpus(_ folder: String) async throws -> [Segment] {
        var random = FuzzRandom(seed: 11)
        var next: Int64 = 0
        func block() -> [ArchiveRecord] {
            (0...random.below(10)).map { _ in
                defer { next += 1 + Int64(random.below(2)) }  // gaps, as compaction leaves
                return ArchiveRecord(
                    offset: next, eventMicros: 1_767_225_600_000_000 + Int64(random.below(1 << 30)),
                    key: random.below(3) == 0 ? nil : Array("key-\(random.below(9))".utf8),
                    value: (0..<random.below(120)).map { _ in UInt8(truncatingIfNeeded: random.next() % 5) })
            }
        }
        let layout = ArchiveLayout(root: folder)
        let sealing = ArchivePartitionWriter(
            partition: partition, layout: layout, policy: .init(maxBytes: 700), logger: Logger(label: "fuzz"))
        try await sealing.recover()
        for _ in 0..<8 { try sealing.append(block()) }
        try sealing.seal()
        let open = ArchivePartitionWriter(
            partition: partition, layout: layout, policy: .init(), logger: Logger(label: "fuzz"))
        try await open.recover()
        for _ in 0..<3 { try open.append(block()) }
        open.close()

        return try layout.segmentNames(partition).map { name in
            let file = ArchiveLayout.relativeFolder(partition) + "/" + name
            let bytes = [UInt8](FileManager.default.contents(atPath: folder + "/" + file)!)
            var blocks: [Block] = []
            var position = 0
            while position < bytes.count {
                let (plain, next) = try ChecksummedFrame.decode(bytes, at: position, magic: ArchiveBlock.magic)
                let records = try ArchiveBlock.decode(bytes, at: position, file: file).records
                blocks.append(Block(bytes: Array(bytes[position..<next]), plain: plain, records: records))
                position = next
            }
            let index = FileManager.default.contents(atPath: folder + "/" + ArchiveLayout.indexName(ofSegment: file))
                .map {
                    ([UInt8]($0), try! JSONDecoder().decode(ArchiveSegmentIndex.self, from: $0))
                }
            return Segment(file: file, bytes: bytes, blocks: blocks, index: index)
        }
    }
}
