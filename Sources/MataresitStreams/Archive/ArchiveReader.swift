import Foundation
import MataresitKafka

/// Reads the archive: lists segments, verifies them, and iterates archived events of one or all topic
/// partitions in offset order, from whichever ``ArchiveStorage`` holds it. Damage is thrown as an ``ArchiveError``
/// naming the file, never skipped.
public struct ArchiveReader: Sendable {
    public let storage: any ArchiveStorage

    public init(storage: any ArchiveStorage) { self.storage = storage }

    /// The archive in a local folder.
    public init(directory: String) { storage = FolderArchiveStorage(root: directory) }

    /// Topic partitions with anything archived.
    public func partitions() async throws -> [TopicPartition] { try await storage.partitions() }

    /// A partition's segments, oldest first, from their index files (sealed) or a scan (open).
    /// A segment whose index is unreadable comes back with its damage instead of failing the listing.
    public func segments(of partition: TopicPartition) async throws -> [ArchiveSegment] {
        let listing = try await storage.listing(of: partition)
        var segments: [ArchiveSegment] = []
        for name in listing.segments { segments.append(try await segment(partition, name: name, listing: listing)) }
        return segments
    }

    /// Every segment of every partition.
    public func allSegments() async throws -> [ArchiveSegment] {
        var segments: [ArchiveSegment] = []
        for partition in try await partitions() { segments += try await self.segments(of: partition) }
        return segments
    }

    /// Reads every byte of every segment: block checksums, offsets, and each sealed segment against its index.
    public func verify() async throws -> ArchiveVerification {
        var result = ArchiveVerification()
        for partition in try await partitions() {
            let listing = try await storage.listing(of: partition)
            for name in listing.segments {
                let file = Self.file(partition, name)
                let scan = try await self.scan(partition, name, keepRecords: false)
                result.segments += 1
                result.events += scan.index.events
                result.bytes += scan.validBytes
                if let damage = scan.damage { result.problems.append(damage) }
                if let indexName = listing.indexes[name],
                    let problem = try await indexProblem(
                        partition, indexName: indexName, file: file, scan: scan, named: listing.summary(of: name))
                {
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
    ) async throws {
        let listing = try await storage.listing(of: partition)
        let names = listing.segments
        for (position, name) in names.enumerated() {
            // A segment holds offsets below the next segment's first offset; skip those entirely before the range.
            if position + 1 < names.count, let next = Self.firstOffset(of: names[position + 1]),
                next <= offsets.lowerBound
            {
                continue
            }
            if let first = Self.firstOffset(of: name), first > offsets.upperBound { break }
            let file = Self.file(partition, name)
            let scan = try await self.scan(partition, name, keepRecords: true)
            if let damage = scan.damage { throw damage }
            if let sealed = try await sealedIndex(partition, name: name, listing: listing, file: file) {
                try Self.check(scan, against: sealed, file: file)
            }
            for record in scan.records where offsets.contains(record.offset) { try body(record) }
        }
    }

    /// The records of one segment, in offset order; throws its damage.
    public func records(of segment: ArchiveSegment) async throws -> [ArchiveRecord] {
        let name = String(segment.file.split(separator: "/").last ?? "")
        let scan = try await scan(segment.partition, name, keepRecords: true)
        if let damage = scan.damage { throw damage }
        if segment.sealed { try Self.check(scan, against: segment.index, file: segment.file) }
        return scan.records
    }

    /// Every record of every partition, partition by partition.
    public func forEachRecord(_ body: (TopicPartition, ArchiveRecord) throws -> Void) async throws {
        for partition in try await partitions() {
            try await forEachRecord(in: partition) { try body(partition, $0) }
        }
    }

    /// The offsets archived for a partition, from the first segment's first offset to the last one's last,
    /// and the event-time span they cover; nil when nothing is archived.
    public func coverage(of partition: TopicPartition) async throws -> ArchiveCoverage? {
        let segments = try await segments(of: partition)
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

    static func firstOffset(of name: String) -> Int64? { Int64(name.dropLast(".seg".count)) }

    /// The name errors and listings give a file: `<topic>/<partition>/<name>`.
    static func file(_ partition: TopicPartition, _ name: String) -> String {
        ArchiveLayout.relativeFolder(partition) + "/" + name
    }

    private func scan(_ partition: TopicPartition, _ name: String, keepRecords: Bool) async throws
        -> ArchiveSegmentScan
    {
        guard let bytes = try await storage.read(name, of: partition) else {
            throw ArchiveError.missing(file: Self.file(partition, name))
        }
        return ArchiveSegmentScan.read(bytes: bytes, file: Self.file(partition, name), keepRecords: keepRecords)
    }

    private func segment(_ partition: TopicPartition, name: String, listing: ArchiveListing) async throws
        -> ArchiveSegment
    {
        let file = Self.file(partition, name)
        if let summary = listing.summary(of: name) {
            return ArchiveSegment(partition: partition, file: file, sealed: true, index: summary, damage: nil)
        }
        if let indexName = listing.indexes[name], let data = try await storage.read(indexName, of: partition) {
            do {
                let index = try ArchiveSegmentIndex.decode(Data(data), file: file)
                return ArchiveSegment(partition: partition, file: file, sealed: true, index: index, damage: nil)
            } catch {
                let empty = ArchiveSegmentIndex(bytes: 0, crc32c: 0, blocks: [])
                return ArchiveSegment(partition: partition, file: file, sealed: true, index: empty, damage: error)
            }
        }
        let scan = try await scan(partition, name, keepRecords: false)
        return ArchiveSegment(partition: partition, file: file, sealed: false, index: scan.index, damage: scan.damage)
    }

    /// The index of a sealed segment (from its name when that describes it); nil for the open one.
    private func sealedIndex(_ partition: TopicPartition, name: String, listing: ArchiveListing, file: String)
        async throws -> ArchiveSegmentIndex?
    {
        if let summary = listing.summary(of: name) { return summary }
        guard let indexName = listing.indexes[name], let data = try await storage.read(indexName, of: partition)
        else { return nil }
        return try ArchiveSegmentIndex.decode(Data(data), file: file)
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

    private func indexProblem(
        _ partition: TopicPartition, indexName: String, file: String, scan: ArchiveSegmentScan,
        named: ArchiveSegmentIndex?
    ) async throws -> ArchiveError? {
        guard let data = try await storage.read(indexName, of: partition) else { return nil }
        let index: ArchiveSegmentIndex
        do {
            index = try ArchiveSegmentIndex.decode(Data(data), file: file)
        } catch {
            return error
        }
        if index.bytes != scan.validBytes || scan.damage != nil {
            return .indexMismatch(
                file: file, reason: "index says \(index.bytes) bytes, \(scan.validBytes) read cleanly")
        }
        if index.crc32c != scan.index.crc32c { return .indexMismatch(file: file, reason: "segment checksum differs") }
        if index.blocks != scan.index.blocks { return .indexMismatch(file: file, reason: "block index differs") }
        if let named, named != index {
            return .indexMismatch(file: file, reason: "index name differs from its content")
        }
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
