import Logging
import MataresitKafka

/// A stage's stored offset fell below the oldest offset Kafka still keeps: the events in between are gone
/// from the log. Never skipped silently; names the stage, the partition and the missing range.
public struct RetentionGap: Error, Equatable, CustomStringConvertible {
    public let stage: String
    public let partition: TopicPartition
    public let missing: ClosedRange<Int64>
    /// Whether the archive holds the whole missing range (then `mataresit replay` can rebuild the stage).
    public let archived: Bool

    public var description: String {
        let remedy =
            archived
            ? "the archive holds them"
            : "the archive does not hold them either: the stage stops rather than skip them (restore the archive "
                + "to ARCHIVE_URL, or rebuild the stage from what remains with `mataresit replay --stage \(stage)`)"
        return
            "stage \(stage): partition \(partition) is missing offsets \(missing.lowerBound)...\(missing.upperBound), "
            + "below the oldest offset Kafka keeps; \(remedy)"
    }
}

/// Checks claimed partitions against Kafka's low watermarks before a stage reads them (otherwise
/// `auto.offset.reset` would silently jump over the gap); the stage reads an archived gap from the archive.
public struct RetentionGapCheck: Sendable {
    let kafka: KafkaConfiguration
    /// The archive (`ARCHIVE_URL`), to say whether it covers a gap; nil: no archive to consult.
    let archive: (any ArchiveStorage)?
    let logger: Logger

    public init(kafka: KafkaConfiguration, archive: (any ArchiveStorage)?, logger: Logger) {
        self.kafka = kafka
        self.archive = archive
        self.logger = logger
    }

    /// The gaps among partitions that have a stored offset, each saying whether the archive covers it.
    public func gaps(stage: String, resumeAt positions: [TopicPartition: Int64]) async throws -> [RetentionGap] {
        guard !positions.isEmpty else { return [] }
        let admin = try KafkaAdmin(configuration: kafka, logger: logger)
        var gaps: [RetentionGap] = []
        for (partition, next) in positions.sorted(by: { $0.key.description < $1.key.description }) {
            let low = try await admin.watermarks(partition, timeout: .seconds(10)).low
            guard let missing = Self.gap(next: next, oldestRetained: low) else { continue }
            gaps.append(
                RetentionGap(
                    stage: stage, partition: partition, missing: missing,
                    archived: await archiveCovers(partition, missing)))
        }
        return gaps
    }

    /// The archived messages of an archived gap, in offset order.
    public func archivedRecords(of gap: RetentionGap) async throws -> [ArchiveRecord] {
        guard let archive else { return [] }
        let reader = ArchiveReader(storage: archive)
        var records: [ArchiveRecord] = []
        for segment in try await reader.segments(of: gap.partition) {
            if let damage = segment.damage { throw damage }
            records += try await reader.records(of: segment).filter { gap.missing.contains($0.offset) }
        }
        return records.sorted { $0.offset < $1.offset }
    }

    /// The offsets lost between where a stage resumes and the oldest offset kept; nil when none are.
    public static func gap(next: Int64, oldestRetained: Int64) -> ClosedRange<Int64>? {
        next < oldestRetained ? next...(oldestRetained - 1) : nil
    }

    private func archiveCovers(_ partition: TopicPartition, _ missing: ClosedRange<Int64>) async -> Bool {
        guard let archive, let coverage = try? await ArchiveReader(storage: archive).coverage(of: partition) else {
            return false
        }
        return coverage.contiguous && coverage.offsets.lowerBound <= missing.lowerBound
            && coverage.offsets.upperBound >= missing.upperBound
    }
}
