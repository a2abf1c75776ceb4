import Foundation
import Logging
import MataresitKafka

/// Appends one topic partition's records to its segments in a local folder. Each append is one block, fsynced before it returns
/// (the stage commits offsets only after that). Not thread-safe: the archive stage owns one per held partition and
/// touches it only under its lock, which is what the `@unchecked Sendable` relies on.
final class ArchivePartitionWriter: ArchivePartitionSink, @unchecked Sendable {
    let partition: TopicPartition
    private let layout: ArchiveLayout
    private let policy: ArchiveRollPolicy
    private let logger: Logger
    private var handle: FileHandle?
    private var openName: String?
    private var openIndex = ArchiveSegmentIndex(bytes: 0, crc32c: 0, blocks: [])
    private var openedAt = ContinuousClock.now
    /// The offset after the newest archived record; nil while nothing is archived.
    private(set) var nextOffset: Int64?

    init(partition: TopicPartition, layout: ArchiveLayout, policy: ArchiveRollPolicy, logger: Logger) {
        self.partition = partition
        self.layout = layout
        self.policy = policy
        self.logger = logger
    }

    deinit { try? handle?.close() }

    /// Makes the partition's newest segment whole again after a crash: an unsealed segment is cut after its
    /// last valid block (a torn write is dropped and will be written again from Kafka), an empty one removed.
    /// Returns the offset after the newest archived record.
    @discardableResult
    func recover() async throws -> Int64? {
        let folder = layout.folder(partition)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let names = try layout.segmentNames(partition)
        guard let newest = names.last else { return nil }
        let reader = ArchiveReader(storage: FolderArchiveStorage(root: layout.root))
        if FileManager.default.fileExists(atPath: folder + "/" + ArchiveLayout.indexName(ofSegment: newest)) {
            nextOffset = try await reader.segments(of: partition).last?.index.lastOffset.map { $0 + 1 }
            return nextOffset
        }
        let file = ArchiveLayout.relativeFolder(partition) + "/" + newest
        let scan = try ArchiveSegmentScan.read(path: folder + "/" + newest, file: file, keepRecords: false)
        if let damage = scan.damage {
            logger.warning("archive segment cut after its last whole block", metadata: ["damage": "\(damage)"])
        }
        guard scan.index.events > 0 else {
            try FileManager.default.removeItem(atPath: folder + "/" + newest)
            try FileSync.folder(folder)
            nextOffset = try await reader.segments(of: partition).last?.index.lastOffset.map { $0 + 1 }
            return nextOffset
        }
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: folder + "/" + newest))
        try handle.truncate(atOffset: UInt64(scan.validBytes))
        try handle.synchronize()
        self.handle = handle
        openName = newest
        openIndex = scan.index
        openedAt = .now
        nextOffset = scan.index.lastOffset.map { $0 + 1 }
        return nextOffset
    }

    /// Writes the records (offsets rising, all at or after `nextOffset`) as one fsynced block.
    func append(_ records: [ArchiveRecord]) throws {
        guard let first = records.first else { return }
        let handle = try openSegment(firstOffset: first.offset)
        let block = ArchiveBlock.encode(records)
        do {
            try handle.seekToEnd()
            try handle.write(contentsOf: block)
            try handle.synchronize()
        } catch {
            // Disk full or gone: cut a partly written block off, so a retry appends to an intact segment.
            try? handle.truncate(atOffset: UInt64(openIndex.bytes))
            throw error
        }
        openIndex.blocks.append(ArchiveBlockEntry(position: openIndex.bytes, length: block.count, records: records))
        openIndex.bytes += block.count
        nextOffset = records.last!.offset + 1
        if openIndex.bytes >= policy.maxBytes || ContinuousClock.now - openedAt >= policy.maxAge { try seal() }
    }

    /// Writes the open segment's index beside it; the segment is never written again.
    func seal() throws {
        guard let handle, let name = openName else { return }
        try handle.close()
        self.handle = nil
        let folder = layout.folder(partition)
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: folder + "/" + name)))
        openIndex.crc32c = CRC32C.checksum(bytes)
        try FileSync.replace(folder + "/" + ArchiveLayout.indexName(ofSegment: name), with: try openIndex.encoded())
        openName = nil
        logger.debug("archive segment sealed", metadata: ["segment": "\(name)", "events": "\(openIndex.events)"])
    }

    /// Closes the open segment without sealing it (partition revoked): its next owner continues it.
    func close() {
        try? handle?.close()
        handle = nil
        openName = nil
    }

    private func openSegment(firstOffset: Int64) throws -> FileHandle {
        if let handle { return handle }
        let folder = layout.folder(partition)
        let name = ArchiveLayout.segmentName(firstOffset: firstOffset)
        let path = folder + "/" + name
        guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        try FileSync.folder(folder)
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        self.handle = handle
        openName = name
        openIndex = ArchiveSegmentIndex(bytes: 0, crc32c: 0, blocks: [])
        openedAt = .now
        return handle
    }
}
