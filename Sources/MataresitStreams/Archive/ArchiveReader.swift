import Foundation
import MataresitKafka

/// Reads the archive: lists segments, verifies them, and iterates archived events of one or all topic
/// partitions in offset order. Damage is thrown as an ``ArchiveError`` naming the file, never skipped.
public struct ArchiveReader: Sendable {
    public let layout: ArchiveLayout

    public init(directory: String) { layout = ArchiveLayout(root: directory) }

    /// Topic partitions with anything archived.
    public func partitions() throws -> [TopicPartition] { try layout.partitions() }

    /// A partition's segments, oldest first, from their index files (sealed) or a scan (open).
    /// A segment whose index is unreadable comes back with its damage instead of failing the listing.
    public func segments(of partition: TopicPartition) throws -> [ArchiveSegment] {
        let names = try layout.segmentNames(partition)
        return try names.map { name in try segment(partition, name: name) }
    }

    /// Every segment of every partition.
    public func allSegments() throws -> [ArchiveSegment] {
        try partitions().flatMap { try segments(of: $0) }
    }

    /// Reads every byte of every segment: block checksums, offsets, and each sealed segment against its index.
    public func verify() throws -> ArchiveVerification {
        var result = ArchiveVerification()
        for partition in try partitions() {
            for name in try layout.segmentNames(partition) {
                let file = layout.relativeFolder(partition) + "/" + name
                let scan = try ArchiveSegmentScan.read(path: path(partition, name), file: file, keepRecords: false)
                result.segments += 1
                result.events += scan.index.events
                result.bytes += scan.validBytes
                if let damage = scan.damage { result.problems.append(damage) }
                if let problem = indexProblem(partition, name: name, file: file, scan: scan) {
                    result.problems.append(problem)
                }
            }
        }
        return result
    }

    /// Calls `body` with each archived record of `partition` whose offset is in `offsets`, in offset order.
    /// Throws the first damage met (a torn tail of the open segment included: a reader racing the writer
    /// should retry).
    public func forEachRecord(
        in partition: TopicPartition, offsets: ClosedRange<Int64> = 0...Int64.max,
        _ body: (ArchiveRecord) throws -> Void
    ) throws {
        let names = try layout.segmentNames(partition)
        for (position, name) in names.enumerated() {
            // A segment holds offsets below the next segment's first offset; skip those entirely before the range.
            if position + 1 < names.count, let next = Self.firstOffset(of: names[position + 1]),
                next <= offsets.lowerBound
            {
                continue
            }
            if let first = Self.firstOffset(of: name), first > offsets.upperBound { break }
            let file = layout.relativeFolder(partition) + "/" + name
            let scan = try ArchiveSegmentScan.read(path: path(partition, name), file: file, keepRecords: true)
            if let damage = scan.damage { throw damage }
            if let sealed = try sealedIndex(partition, name: name, file: file) {
                try Self.check(scan, against: sealed, file: file)
            }
            for record in scan.records where offsets.contains(record.offset) { try body(record) }
        }
    }

    /// The records of one segment, in offset order; throws its damage.
    public func records(of segment: ArchiveSegment) throws -> [ArchiveRecord] {
        let path = layout.root + "/" + segment.file
        let scan = try ArchiveSegmentScan.read(path: path, file: segment.file, keepRecords: true)
        if let damage = scan.damage { throw damage }
        if segment.sealed { try Self.check(scan, against: segment.index, file: segment.file) }
        return scan.records
    }

    /// Every record of every partition, partition by partition.
    public func forEachRecord(_ body: (TopicPartition, ArchiveRecord) throws -> Void) throws {
        for partition in try partitions() {
            try forEachRecord(in: partition) { try body(partition, $0) }
        }
    }

    /// The offsets archived for a partition, from the first segment's first offset to the last one's last,
    /// and the event-time span they cover; nil when nothing is archived.
    public func coverage(of partition: TopicPartition) throws -> ArchiveCoverage? {
        let segments = try segments(of: partition)
        // Damage first: a damaged first segment lists with an empty index and used to read as "nothing archived".
        if let damage = segments.lazy.compactMap(\.damage).first { throw damage }
        guard let first = segments.first?.index.firstOffset, let last = segments.last?.index.lastOffset else {
            return nil
        }
        // Each index is checked on its own; indexes disagreeing across segments must not trap `first...last`.
        guard first <= last else {
            throw ArchiveError.indexMismatch(file: segments[0].file, reason: "offsets out of order across segments")
        }
        var coverage = ArchiveCoverage(
            offsets: first...last, minEventMicros: .max, maxEventMicros: .min, contiguous: true)
        var expected = first
        for segment in segments {
            guard let segmentFirst = segment.index.firstOffset, let segmentLast = segment.index.lastOffset else {
                continue
            }
            if segmentFirst != expected { coverage.contiguous = false }
            expected = segmentLast + 1
            coverage.minEventMicros = min(coverage.minEventMicros, segment.index.minEventMicros ?? .max)
            coverage.maxEventMicros = max(coverage.maxEventMicros, segment.index.maxEventMicros ?? .min)
        }
        return coverage
    }

    func path(_ partition: TopicPartition, _ name: String) -> String { layout.folder(partition) + "/" + name }

    static func firstOffset(of name: String) -> Int64? { Int64(name.dropLast(".seg".count)) }

    private func segment(_ partition: TopicPartition, name: String) throws -> ArchiveSegment {
        let file = layout.relativeFolder(partition) + "/" + name
        let indexPath = path(partition, ArchiveLayout.indexName(ofSegment: name))
        if let data = FileManager.default.contents(atPath: indexPath) {
            do {
                let index = try ArchiveSegmentIndex.decode(data, file: file)
                return ArchiveSegment(partition: partition, file: file, sealed: true, index: index, damage: nil)
            } catch {
                let empty = ArchiveSegmentIndex(bytes: 0, crc32c: 0, blocks: [])
                return ArchiveSegment(partition: partition, file: file, sealed: true, index: empty, damage: error)
            }
        }
        let scan = try ArchiveSegmentScan.read(path: path(partition, name), file: file, keepRecords: false)
        return ArchiveSegment(partition: partition, file: file, sealed: false, index: scan.index, damage: scan.damage)
    }

    /// The index of a sealed segment; nil for the open one.
    private func sealedIndex(_ partition: TopicPartition, name: String, file: String) throws -> ArchiveSegmentIndex? {
        let indexPath = path(partition, ArchiveLayout.indexName(ofSegment: name))
        guard let data = FileManager.default.contents(atPath: indexPath) else { return nil }
        return try ArchiveSegmentIndex.decode(data, file: file)
    }

    /// A sealed segment must still be what its index says. Its blocks each pass their checksums even when whole
    /// blocks went missing (a copy cut at a block boundary) or were repeated, so without this a reader would
    /// silently return fewer or other events than were archived.
    private static func check(_ scan: ArchiveSegmentScan, against index: ArchiveSegmentIndex, file: String)
        throws(ArchiveError)
    {
        guard scan.validBytes == index.bytes, scan.index.crc32c == index.crc32c else {
            throw .indexMismatch(file: file, reason: "index says \(index.bytes) bytes, \(scan.validBytes) read cleanly")
        }
    }

    private func indexProblem(_ partition: TopicPartition, name: String, file: String, scan: ArchiveSegmentScan)
        -> ArchiveError?
    {
        let indexPath = path(partition, ArchiveLayout.indexName(ofSegment: name))
        guard let data = FileManager.default.contents(atPath: indexPath) else { return nil }
        let index: ArchiveSegmentIndex
        do {
            index = try ArchiveSegmentIndex.decode(data, file: file)
        } catch {
            return error
        }
        if index.bytes != scan.validBytes || scan.damage != nil {
            return .indexMismatch(
                file: file, reason: "index says \(index.bytes) bytes, \(scan.validBytes) read cleanly")
        }
        if index.crc32c != scan.index.crc32c { return .indexMismatch(file: file, reason: "segment checksum differs") }
        if index.blocks != scan.index.blocks { return .indexMismatch(file: file, reason: "block index differs") }
        return nil
    }
}

/// The result of ``ArchiveReader/verify()``.
public struct ArchiveVerification: Sendable {
    public var segments = 0
    public var events = 0
    /// Bytes that read cleanly.
    public var bytes = 0
    public var problems: [ArchiveError] = []
}

/// What the archive holds for one partition.
public struct ArchiveCoverage: Sendable, Equatable {
    public var offsets: ClosedRange<Int64>
    public var minEventMicros: Int64
    public var maxEventMicros: Int64
    /// False when some offsets between the first and last are missing.
    public var contiguous: Bool
}
