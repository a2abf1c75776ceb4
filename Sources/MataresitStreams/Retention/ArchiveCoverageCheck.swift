import Foundation
import Logging
import MataresitKafka
import MataresitStore
import PostgresNIO

/// Whether every event a stage has projected is in the archive: for each partition of its input topic, the
/// archive is contiguous, has caught up with the stage's committed offset, and starts at offset 0 or before the
/// oldest event time in question. Only then may retention delete the stage's rows.
struct ArchiveCoverageCheck {
    let archive: ArchiveReader
    let client: PostgresClient
    let logger: Logger

    /// Nil when covered; otherwise why not (naming the partition).
    func problem(stage: String, topic: String, partitions: Int32, oldestMicros: Int64) async throws -> String? {
        let committed = Dictionary(
            try await StageOffsetStore(client: client, logger: logger).committed(stage: stage)
                .filter { $0.topic == topic }.map { ($0.partition, $0.nextOffset) },
            uniquingKeysWith: max)
        for number in 0..<partitions {
            let partition = TopicPartition(topic: topic, partition: number)
            guard let next = committed[number], next > 0 else { continue }
            let coverage: ArchiveCoverage?
            do {
                coverage = try await archive.coverage(of: partition)
            } catch {
                return "archive of \(partition) is damaged: \(error)"
            }
            guard let coverage else { return "archive holds nothing of \(partition)" }
            guard coverage.contiguous else { return "archive of \(partition) has offset gaps" }
            guard coverage.offsets.upperBound + 1 >= next else {
                return
                    "archive of \(partition) ends at offset \(coverage.offsets.upperBound), stage \(stage) is at \(next)"
            }
            guard coverage.offsets.lowerBound == 0 || coverage.minEventMicros <= oldestMicros else {
                return "archive of \(partition) starts after the oldest rows in question"
            }
        }
        return nil
    }
}
