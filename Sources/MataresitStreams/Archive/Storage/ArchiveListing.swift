/// The files of one partition: segments oldest first, and the index that seals each one.
///
/// In a bucket, an index's name also carries what listing and coverage need (`<first>.<last>.<min µs>.<max µs>.
/// <events>.<bytes>.<crc32c>.idx`), so a listing answers them without reading an object per segment; a folder's
/// indexes are plain `<first>.idx`, read when needed.
public struct ArchiveListing: Sendable, Equatable {
    public var segments: [String]
    /// Segment name → the name of its index.
    public var indexes: [String: String]

    public init(names: some Sequence<String>) {
        let names = Array(names)
        segments = names.filter { $0.hasSuffix(".seg") }.sorted()
        var indexes: [String: String] = [:]
        for name in names where name.hasSuffix(".idx") {
            guard let base = name.split(separator: ".").first else { continue }
            indexes[base + ".seg"] = name
        }
        self.indexes = indexes
    }

    /// Sealed segments have an index and are never written again.
    public func isSealed(_ segment: String) -> Bool { indexes[segment] != nil }

    /// The segment's index, when its name describes it (a bucket's one-block segments).
    public func summary(of segment: String) -> ArchiveSegmentIndex? {
        indexes[segment].flatMap(ArchiveIndexName.parse)
    }
}

/// The descriptive index names of one-block segments.
enum ArchiveIndexName {
    /// `<first>.<last>.<min µs>.<max µs>.<events>.<bytes>.<crc32c>.idx` for a segment of exactly one block.
    static func describing(_ index: ArchiveSegmentIndex) -> String? {
        guard index.blocks.count == 1, let block = index.blocks.first else { return nil }
        let first = ArchiveLayout.segmentName(firstOffset: block.firstOffset).dropLast(".seg".count)
        return [
            String(first), String(block.lastOffset), String(block.minEventMicros), String(block.maxEventMicros),
            String(block.count), String(index.bytes), String(index.crc32c), "idx"
        ].joined(separator: ".")
    }

    /// The one-block index a descriptive name stands for; nil for a plain `<first>.idx` or a name that does not
    /// add up (then the index file itself is read and checked).
    static func parse(_ name: String) -> ArchiveSegmentIndex? {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 8, parts[7] == "idx", let first = Int64(parts[0]), let last = Int64(parts[1]),
            let minMicros = Int64(parts[2]), let maxMicros = Int64(parts[3]), let count = Int(parts[4]),
            let bytes = Int(parts[5]), let crc = UInt32(parts[6])
        else { return nil }
        let block = ArchiveBlockEntry(
            position: 0, length: bytes, firstOffset: first, lastOffset: last, minEventMicros: minMicros,
            maxEventMicros: maxMicros, count: count)
        let index = ArchiveSegmentIndex(bytes: bytes, crc32c: crc, blocks: [block])
        return index.inconsistency == nil && first >= 0 ? index : nil
    }
}
