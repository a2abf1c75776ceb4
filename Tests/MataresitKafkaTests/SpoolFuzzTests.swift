import Foundation
import Logging
import MataresitFuzzSupport
import Testing

@testable import MataresitKafka

/// Seeded mutation fuzzing of the spool reader (`EventSpool.contents(of:)`), on segments `EventSpool` wrote.
///
/// Two kinds of input: whole segment files mutated byte-wise (the checksum must catch every change), and segments
/// with one block's plain records mutated and checksummed again (the record parser itself meets garbage).
/// The reader must return exactly the records of the intact blocks before the first damaged one and report that
/// block's offset as damage; nothing may crash, hang, or come back altered.
///
/// Short version in the test command (10,000 inputs). Long version, a hundred times as many, with the decoder and
/// archive fuzzers:
///
///     MATARESIT_FUZZ_SCALE=100 swift test --skip-build --disable-xctest --filter Fuzz
@Suite("Event spool fuzz")
struct SpoolFuzzTests {
    /// One block as written, with its records.
    struct Block {
        let bytes: [UInt8]
        let plain: [UInt8]
        let records: [SpoolRecord]
    }

    @Test("mutated segments read as their intact leading blocks plus a damage report; nothing crashes or hangs")
    func mutatedSegments() throws {
        let folder = fuzzFolder("spool-fuzz")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let segments = try Self.corpus(folder + "/corpus")
        let blocks = segments.flatMap { $0 }
        let known = Dictionary(blocks.map { ($0.bytes, $0.records) }, uniquingKeysWith: { first, _ in first })
        let reader = try EventSpool(directory: folder + "/target", logger: Logger(label: "fuzz"))
        let name = "spool-000000000001.seg"
        let path = folder + "/target/" + name

        var run = FuzzRun(name: "spool", short: 10_000)
        var failures = 0
        for _ in 0..<run.executions where failures < 5 {
            let segment = segments[run.random.below(segments.count)]
            var catalog = known
            let input: [UInt8]
            if run.random.below(4) == 0 {
                // Re-checksummed: the block reaches the record parser. What it decodes must encode back to the same
                // plain bytes, else it altered a record.
                let target = run.random.below(segment.count)
                let plain = ByteMutator.mutate(
                    segment[target].plain, donor: blocks[run.random.below(blocks.count)].plain, using: &run.random)
                let block = ChecksummedFrame.encode(plain, magic: SpoolBlock.magic)
                if let records = try? SpoolBlock.decode(block, at: 0).records {
                    let reencoded = try ChecksummedFrame.decode(
                        SpoolBlock.encode(records), at: 0, magic: SpoolBlock.magic)
                    if reencoded.plain != plain {
                        failures += 1
                        Issue.record("a block decoded into records that are not what it holds: plain \(hex(plain))")
                    }
                    catalog[block] = records
                }
                input = segment[..<target].flatMap(\.bytes) + block + segment[(target + 1)...].flatMap(\.bytes)
            } else {
                let donor = segments[run.random.below(segments.count)].flatMap(\.bytes)
                input = ByteMutator.mutate(segment.flatMap(\.bytes), donor: donor, using: &run.random)
            }
            try Data(input).write(to: URL(fileURLWithPath: path))
            let expected = Self.intactPrefix(of: input, catalog: catalog)
            let elapsed = try run.execute(input) {
                let contents = try reader.contents(of: name)
                if let problem = Self.problem(contents, expected: expected, size: input.count) {
                    failures += 1
                    Issue.record("\(problem); input \(hex(input))")
                }
                return contents.damage == nil
            }
            if elapsed > FuzzRun.perInputLimit {
                failures += 1
                Issue.record("input took \(elapsed): \(hex(input))")
            }
        }
        print(run.summary(acceptedAs: "read whole"))
    }

    @Test("regression: a damaged plain-size field in a block header is reported at once, without allocating it")
    func hugePlainSize() throws {
        let folder = fuzzFolder("spool-regression")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let spool = try EventSpool(directory: folder, logger: Logger(label: "fuzz"))
        let first = SpoolBlock.encode([SpoolRecord(topic: "audit.v1", key: nil, value: [1, 2, 3])])
        var second = SpoolBlock.encode([
            SpoolRecord(topic: "audit.v1", key: [9], value: Array(repeating: 4, count: 300))
        ])
        second.replaceSubrange(4..<8, with: [0x94, 0x00, 0x00, 0x7F])  // what the fuzzer wrote: 0x7F000094, about 2 GB
        try Data(first + second).write(to: URL(fileURLWithPath: folder + "/spool-000000000001.seg"))
        let started = ContinuousClock.now
        let contents = try spool.contents(of: "spool-000000000001.seg")
        #expect(ContinuousClock.now - started < .milliseconds(500), "zeroing 2 GB took about 2 s before the fix")
        #expect(contents.records == [SpoolRecord(topic: "audit.v1", key: nil, value: [1, 2, 3])])
        #expect(contents.damage == .corrupt(offset: first.count, reason: "not a zstd frame"))
    }

    @Test("regression: a checksummed record whose topic is not UTF-8 is reported, not read as another topic")
    func topicNotUTF8() {
        var topic = Array("cache.invalidations.v1".utf8)
        topic[8] = 0xFE  // as the fuzzer found it: "cache.in\xFEalidations.v1"
        var plain: [UInt8] = []
        plain.append(le: UInt16(topic.count))
        plain += topic
        plain.append(le: UInt32.max)
        plain.append(le: UInt32(1))
        plain.append(7)
        let block = ChecksummedFrame.encode(plain, magic: SpoolBlock.magic)
        #expect(throws: SpoolError.corrupt(offset: 0, reason: "topic is not UTF-8")) {
            try SpoolBlock.decode(block, at: 0)
        }
    }

    @Test("an empty frame still decodes now that its declared size is checked before decompressing")
    func emptyFrame() throws {
        let magic = Array("TEST".utf8)
        #expect(try ChecksummedFrame.decode(ChecksummedFrame.encode([], magic: magic), at: 0, magic: magic).plain == [])
    }

    static func problem(_ contents: SpoolSegmentContents, expected: (records: [SpoolRecord], end: Int), size: Int)
        -> String?
    {
        if contents.records != expected.records {
            return "read \(contents.records.count) records, the intact blocks hold \(expected.records.count)"
        }
        switch contents.damage {
        case nil:
            return expected.end == size ? nil : "damage at byte \(expected.end) not reported"
        case .truncated(let offset)?, .corrupt(let offset, _)?:
            return offset == expected.end ? nil : "damage reported at byte \(offset), it starts at \(expected.end)"
        }
    }

    /// The records of the leading blocks of `bytes` that are byte for byte blocks of `catalog`, and where they end.
    static func intactPrefix(of bytes: [UInt8], catalog: [[UInt8]: [SpoolRecord]]) -> (records: [SpoolRecord], end: Int)
    {
        var records: [SpoolRecord] = []
        var offset = 0
        while bytes.count - offset >= ChecksummedFrame.headerSize {
            let end = offset + ChecksummedFrame.headerSize + Int(bytes.readLE(UInt32.self, at: offset + 8))
            guard end <= bytes.count, let block = catalog[Array(bytes[offset..<end])] else { break }
            records += block
            offset = end
        }
        return (records, offset)
    }

    /// Segments written by `EventSpool` (small ones, so it rolls), split into their blocks.
    static func corpus(_ folder: String) throws -> [[Block]] {
        let spool = try EventSpool(directory: folder, segmentBytes: 1_500, logger: Logger(label: "fuzz"))
        var random = FuzzRandom(seed: 7)
        let topics = ["api.requests.v1", "audit.v1", "cache.invalidations.v1", "tøpic-ü"]
        for _ in 0..<12 {
            spool.append(
                (0...random.below(6)).map { _ in
                    SpoolRecord(
                        topic: topics[random.below(topics.count)],
                        key: random.below(3) == 0
                            ? nil : (0..<random.below(20)).map { _ in UInt8(truncatingIfNeeded: random.next()) },
                        value: (0..<random.below(200)).map { _ in UInt8(truncatingIfNeeded: random.next() % 7) })
                })
            try spool.flush()
        }
        return try spool.sealedSegments().map { name in
            let bytes = [UInt8](FileManager.default.contents(atPath: folder + "/" + name)!)
            var blocks: [Block] = []
            var offset = 0
            while offset < bytes.count {
                let (plain, next) = try ChecksummedFrame.decode(bytes, at: offset, magic: SpoolBlock.magic)
                let records = try SpoolBlock.decode(bytes, at: offset).records
                blocks.append(Block(bytes: Array(bytes[offset..<next]), plain: plain, records: records))
                offset = next
            }
            return blocks
        }
    }
}
