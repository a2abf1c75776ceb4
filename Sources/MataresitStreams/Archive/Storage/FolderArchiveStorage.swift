import Foundation
import Logging
import MataresitKafka

/// The archive in a local folder (`ARCHIVE_URL=file:///…`, the embedded default): one host's disk, with the open
/// segment appended and fsynced block by block.
public struct FolderArchiveStorage: ArchiveStorage {
    public let layout: ArchiveLayout

    public init(root: String) { layout = ArchiveLayout(root: root) }

    public var description: String { "file://" + layout.root }

    public func partitions() async throws -> [TopicPartition] { try layout.partitions() }

    public func listing(of partition: TopicPartition) async throws -> ArchiveListing {
        let folder = layout.folder(partition)
        guard FileManager.default.fileExists(atPath: folder) else { return ArchiveListing(names: []) }
        return ArchiveListing(names: try FileManager.default.contentsOfDirectory(atPath: folder))
    }

    public func read(_ name: String, of partition: TopicPartition) async throws -> [UInt8]? {
        FileManager.default.contents(atPath: layout.folder(partition) + "/" + name).map { [UInt8]($0) }
    }

    public func makeWriter(
        for partition: TopicPartition, roll: ArchiveRollPolicy, logger: Logger
    ) -> any ArchivePartitionSink {
        ArchivePartitionWriter(partition: partition, layout: layout, policy: roll, logger: logger)
    }
}
