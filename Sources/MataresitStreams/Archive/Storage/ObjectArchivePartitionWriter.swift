import Foundation
import Logging
import MataresitKafka

/// Archives one held partition into the bucket: each batch becomes `<first offset>.seg` (one block), then its
/// `.idx`, both created only if absent. A batch always starts where the stored segments end, so the names are
/// unique per offset: when the name is taken, another writer (a previous owner not yet fenced) got there first
/// with the same bytes of the same offsets; this writer lists again and continues after what is stored, never
/// overlapping it. Used by one task at a time (the stage's poll sequence), which `@unchecked Sendable` relies on.
final class ObjectArchivePartitionWriter: ArchivePartitionSink, @unchecked Sendable {
    let partition: TopicPartition
    private let storage: ObjectArchiveStorage
    private let logger: Logger
    private(set) var nextOffset: Int64?

    init(partition: TopicPartition, storage: ObjectArchiveStorage, logger: Logger) {
        self.partition = partition
        self.storage = storage
        self.logger = logger
    }

    /// Reads where the stored segments end. A newest segment without its index (a writer died between the two
    /// uploads) gets its index now.
    @discardableResult
    func recover() async throws -> Int64? {
        let listing = try await storage.listing(of: partition)
        guard let newest = listing.segments.last else {
            nextOffset = nil
            return nil
        }
        let file = ArchiveLayout.relativeFolder(partition) + "/" + newest
        let index: ArchiveSegmentIndex
        if let summary = listing.summary(of: newest) {
            index = summary
        } else if let name = listing.indexes[newest], let data = try await storage.read(name, of: partition) {
            index = try ArchiveSegmentIndex.decode(Data(data), file: file)
        } else {
            let bytes = try await storage.read(newest, of: partition) ?? []
            let scan = ArchiveSegmentScan.read(bytes: bytes, file: file, keepRecords: false)
            // An object is stored whole or not at all, so damage here is corruption, not a torn write.
            if let damage = scan.damage { throw damage }
            index = scan.index
            try await storeIndex(index, of: newest)
        }
        nextOffset = index.lastOffset.map { $0 + 1 }
        return nextOffset
    }

    func append(_ records: [ArchiveRecord]) async throws {
        // Never below what this writer knows is stored: such an object would overlap the one holding those offsets.
        var pending = records.filter { $0.offset >= nextOffset ?? .min }
        while let first = pending.first {
            let block = ArchiveBlock.encode(pending)
            let name = ArchiveLayout.segmentName(firstOffset: first.offset)
            guard try await storage.create(name, of: partition, bytes: block) else {
                logger.warning(
                    "archive object already stored by another writer (a previous owner's late upload); continuing after what the bucket holds",
                    metadata: ["partition": "\(partition)", "object": "\(name)"])
                let stored = try await recover() ?? 0
                guard stored > first.offset else {
                    throw ArchiveError.indexMismatch(file: name, reason: "stored but not listed")
                }
                pending = pending.filter { $0.offset >= stored }
                continue
            }
            var index = ArchiveSegmentIndex(bytes: block.count, crc32c: CRC32C.checksum(block), blocks: [])
            index.blocks.append(ArchiveBlockEntry(position: 0, length: block.count, records: pending))
            try await storeIndex(index, of: name)
            nextOffset = pending.last!.offset + 1
            return
        }
    }

    func close() {}

    /// Writes the index under the name that describes it (``ArchiveListing``); taken means already written.
    private func storeIndex(_ index: ArchiveSegmentIndex, of segment: String) async throws {
        let name = ArchiveIndexName.describing(index) ?? ArchiveLayout.indexName(ofSegment: segment)
        _ = try await storage.create(name, of: partition, bytes: [UInt8](try index.encoded()))
    }
}
