import MataresitKafka

/// One segment file as `mataresit archive ls` shows it.
public struct ArchiveSegment: Sendable {
    public let partition: TopicPartition
    /// Path relative to the archive folder, e.g. `api.requests.v1/0003/00000000000000001200.seg`.
    public let file: String
    /// Sealed segments have an index file and are never written again; the newest of a partition may be open.
    public let sealed: Bool
    public let index: ArchiveSegmentIndex
    /// Why the segment (or its index) cannot be trusted; nil when it reads cleanly.
    public let damage: ArchiveError?
}
