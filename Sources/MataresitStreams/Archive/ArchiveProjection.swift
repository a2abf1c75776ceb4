import Foundation
import Logging
import MataresitCore
import MataresitKafka
import MataresitStore
import PostgresNIO
import Synchronization

/// The archive as a projection of the stage runner: every message of a held partition, byte for byte, into zstd
/// segments (an ``ArchivePartitionSink`` per partition), made durable in `prepare` (fsynced, or stored in the
/// bucket) before the runner commits the batch's offsets. After a crash the archive itself says where to resume
/// (`assigned`): a folder's torn tail is cut and reading restarts after the last whole block, a bucket resumes
/// after its newest object, so nothing is archived twice or lost even when the write landed and the commit did not.
final class ArchiveProjection: StageProjection {
    private let settings: ArchiveStage.Settings
    private let client: PostgresClient
    private let logger: Logger
    /// Writers of held partitions. `prepare` and the rebalance callbacks never overlap (both run in the runner's
    /// poll sequence); the lock satisfies the compiler.
    private let writers = Mutex<[TopicPartition: any ArchivePartitionSink]>([:])
    private let diskErrors = Mutex(0)

    init(settings: ArchiveStage.Settings, client: PostgresClient, logger: Logger) {
        self.settings = settings
        self.client = client
        self.logger = logger
    }

    var readsRawMessages: Bool { true }

    /// Writes that failed and were retried.
    var diskWriteErrors: Int { diskErrors.withLock { $0 } }

    func prepare(_ batch: ProjectionBatch) async throws -> Int {
        let records = zip(batch.messages, batch.messageEventMicros).map { message, micros in
            (
                partition: message.topicPartition,
                record: ArchiveRecord(
                    offset: message.offset, eventMicros: micros, key: message.key, value: message.value)
            )
        }
        return try await archiveRetrying(records)
    }

    func write(_ archived: Int, on connection: PostgresConnection, logger: Logger) async throws -> Int { archived }

    /// Recovers each partition's newest segment and resumes after what the archive holds; a stored offset that
    /// lags the archive (fsynced, then a crash before the commit) catches up now.
    func assigned(_ claims: [PartitionClaim]) async throws -> [TopicPartition: StartPosition] {
        var positions: [TopicPartition: StartPosition] = [:]
        var catchUp: [PartitionPosition] = []
        for claim in claims {
            let partition = TopicPartition(topic: claim.topic, partition: claim.partition)
            let writer = settings.storage.makeWriter(for: partition, roll: settings.roll, logger: logger)
            let archived = try await writer.recover()
            positions[partition] = Self.resume(
                archived: archived, committed: claim.nextOffset, start: settings.stage.start)
            if archived == nil, let committed = claim.nextOffset, committed > 0 {
                logger.error(
                    "archive holds nothing for a partition the stage has committed; was ARCHIVE_URL changed?",
                    metadata: ["partition": "\(partition)", "committed": "\(committed)"])
            }
            writers.withLock { $0.updateValue(writer, forKey: partition)?.close() }
            if let archived, archived != claim.nextOffset {
                catchUp.append(
                    PartitionPosition(
                        topic: claim.topic, partition: claim.partition, epoch: claim.epoch, nextOffset: archived,
                        newestEventMicros: 0))
            }
        }
        if !catchUp.isEmpty {
            try await client.withTransaction(logger: logger) { connection in
                try await StageOffsetStore.advance(
                    stage: settings.stage.name, to: catchUp, on: connection, logger: logger)
            }
        }
        return positions
    }

    func revoked(_ partitions: [TopicPartition]) {
        writers.withLock { held in for partition in partitions { held.removeValue(forKey: partition)?.close() } }
    }

    func stopped() {
        writers.withLock { held in
            for writer in held.values { writer.close() }
            held.removeAll()
        }
    }

    /// The archive is the truth of what was archived (its fsync precedes the commit); the stored offset only
    /// matters when the archive holds nothing for the partition.
    static func resume(archived: Int64?, committed: Int64?, start: StageSpec.StartPosition) -> StartPosition {
        if let archived { return .offset(archived) }
        if let committed { return .offset(committed) }
        return start == .earliest ? .beginning : .end
    }

    /// Archives the messages, retrying while the disk refuses (full, unwritable): loud in the log and in
    /// `mataresit_disk_write_errors_total`, never committing what is not on disk, never ending the stage for it.
    private func archiveRetrying(_ records: [(partition: TopicPartition, record: ArchiveRecord)]) async throws -> Int {
        var delay = Duration.seconds(1)
        while true {
            do {
                return try await archive(records)
            } catch {
                guard !Task.isCancelled else { throw error }
                diskErrors.withLock { $0 += 1 }
                StageMetrics.recordDiskWriteError(settings.stage.name)
                logger.error(
                    "cannot write the archive; retrying (disk full, folder unwritable, bucket unreachable?)",
                    metadata: ["archive": "\(settings.storage)", "error": "\(error)", "retry_in": "\(delay)"])
                try await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(30))
            }
        }
    }

    /// Makes one block per held partition durable, partitions at once (records it already holds skipped);
    /// returns records written.
    private func archive(_ all: [(partition: TopicPartition, record: ArchiveRecord)]) async throws -> Int {
        let held = writers.withLock { $0 }
        let grouped = Dictionary(grouping: all, by: \.partition).compactMap { partition, batch in
            held[partition].map { writer in
                (
                    writer,
                    batch.map(\.record).filter { $0.offset >= (writer.nextOffset ?? 0) }.sorted {
                        $0.offset < $1.offset
                    }
                )
            }
        }.filter { !$0.1.isEmpty }
        return try await withThrowingTaskGroup(of: Int.self) { group in
            for (writer, records) in grouped {
                group.addTask {
                    try await writer.append(records)
                    return records.count
                }
            }
            return try await group.reduce(0, +)
        }
    }
}
