import Foundation
import Logging
import MataresitKafka

/// Where the archive keeps its segments: a local folder or an S3-compatible bucket (``ArchiveLocation``). Both hold
/// the same files under the same names, `<topic>/<partition>/<first offset>.seg` with `<first offset>.idx` beside
/// each sealed segment; readers see only this protocol, writers get theirs from ``makeWriter(for:roll:logger:)``.
public protocol ArchiveStorage: Sendable, CustomStringConvertible {
    /// Topic partitions with anything stored, in name order.
    func partitions() async throws -> [TopicPartition]
    /// A partition's segment and index names.
    func listing(of partition: TopicPartition) async throws -> ArchiveListing
    /// The bytes of one of a partition's files; nil when there is no such file.
    func read(_ name: String, of partition: TopicPartition) async throws -> [UInt8]?
    /// The writer of one held partition.
    func makeWriter(for partition: TopicPartition, roll: ArchiveRollPolicy, logger: Logger) -> any ArchivePartitionSink
}

/// Appends a held partition's records to the archive. The stage commits offsets only after ``append(_:)``
/// returns, so it returns only once the records are durable (fsynced, or stored in the bucket).
public protocol ArchivePartitionSink: AnyObject, Sendable {
    /// The offset after the newest archived record; nil while nothing is archived.
    var nextOffset: Int64? { get }
    /// Makes the partition's stored state whole after a crash and returns where to resume.
    func recover() async throws -> Int64?
    /// Archives the records (offsets rising, all at or after `nextOffset`).
    func append(_ records: [ArchiveRecord]) async throws
    /// Stops writing (partition revoked or stage stopping); the next owner continues.
    func close()
}
