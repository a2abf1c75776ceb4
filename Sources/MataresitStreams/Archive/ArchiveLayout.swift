import Foundation
import MataresitKafka

/// Where the archive keeps things: `<root>/<topic>/<partition>/<first offset>.seg`, with `<first offset>.idx`
/// beside each sealed segment. Offsets are zero-padded so names sort in offset order.
public struct ArchiveLayout: Sendable {
    public let root: String

    public init(root: String) { self.root = root }

    func folder(_ partition: TopicPartition) -> String {
        root + "/" + Self.relativeFolder(partition)
    }

    static func relativeFolder(_ partition: TopicPartition) -> String {
        partition.topic + "/" + String(format: "%04d", partition.partition)
    }

    static func segmentName(firstOffset: Int64) -> String { String(format: "%020lld.seg", firstOffset) }

    static func indexName(ofSegment name: String) -> String { String(name.dropLast(".seg".count)) + ".idx" }

    /// Topic partitions that have a folder, in name order.
    func partitions() throws -> [TopicPartition] {
        let manager = FileManager.default
        guard manager.fileExists(atPath: root) else { return [] }
        var found: [TopicPartition] = []
        for topic in try manager.contentsOfDirectory(atPath: root).sorted() {
            let entries = (try? manager.contentsOfDirectory(atPath: root + "/" + topic)) ?? []
            for entry in entries.sorted() {
                if let number = Int32(entry) { found.append(TopicPartition(topic: topic, partition: number)) }
            }
        }
        return found
    }

    /// Segment file names of a partition, oldest first.
    func segmentNames(_ partition: TopicPartition) throws -> [String] {
        let folder = folder(partition)
        guard FileManager.default.fileExists(atPath: folder) else { return [] }
        return ArchiveListing(names: try FileManager.default.contentsOfDirectory(atPath: folder)).segments
    }
}
