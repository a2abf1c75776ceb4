import Foundation
import Logging
import MataresitCore
import MataresitKafka
import MataresitStore
import PostgresNIO
import ServiceLifecycle
import Synchronization

/// The archive stage: every message of its input topics, byte for byte, into zstd segment files per topic
/// partition (see ``ArchivePartitionWriter``). A batch is written and fsynced first; only then are its offsets
/// committed in Postgres (epoch-checked like every stage). After a crash the archive itself says where to resume:
/// the torn tail of the open segment is cut and reading restarts after the last whole block, so nothing is
/// archived twice or lost even when the fsync happened and the commit did not.
public final class ArchiveStage: Service {
    public struct Settings: Sendable {
        public var stage: StageSpec
        public var kafka: KafkaConfiguration
        public var owner: String
        /// `ARCHIVE_DIR`.
        public var directory: String
        public var roll: ArchiveRollPolicy
        /// How long a graceful shutdown keeps draining the topic (default 5 s).
        public var drainTimeout: Duration

        public init(
            stage: StageSpec, kafka: KafkaConfiguration, owner: String, directory: String,
            roll: ArchiveRollPolicy = ArchiveRollPolicy(), drainTimeout: Duration = .seconds(5)
        ) {
            self.stage = stage
            self.kafka = kafka
            self.owner = owner
            self.directory = directory
            self.roll = roll
            self.drainTimeout = drainTimeout
        }
    }

    /// Writers of held partitions with their epochs; the rebalance callbacks and the batch loop never overlap
    /// (callbacks run inside `poll`), the lock only satisfies the compiler and guards `statistics`.
    private struct Held {
        var writers: [TopicPartition: (writer: ArchivePartitionWriter, epoch: Int64)] = [:]
        var counters = StageCounters()
    }

    private let settings: Settings
    private let client: PostgresClient
    private let offsets: StageOffsetStore
    private let logger: Logger
    private let held = Mutex(Held())

    public init(settings: Settings, client: PostgresClient, logger: Logger) {
        self.settings = settings
        self.client = client
        self.offsets = StageOffsetStore(client: client, logger: logger)
        var logger = logger
        logger[metadataKey: "stage"] = "\(settings.stage.name)"
        self.logger = logger
    }

    /// Totals since start.
    public var statistics: StageCounters { held.withLock { $0.counters } }

    /// Runs until shutdown; pauses through database outages as the other stages do (``DatabaseOutageRetry``).
    public func run() async throws {
        try FileManager.default.createDirectory(atPath: settings.directory, withIntermediateDirectories: true)
        defer { closeAll() }
        try await DatabaseOutageRetry.run(logger: logger) { try await runInGroup() }
        logger.info("archive stage stopped", metadata: ["events": "\(statistics.events)"])
    }

    /// One membership of the consumer group: joins, archives until shutdown or an error, leaves.
    private func runInGroup() async throws {
        let consumer = try KafkaConsumer(
            configuration: settings.kafka, groupID: settings.stage.group, topics: settings.stage.inputs,
            rebalance: rebalanceHandler(), logger: logger)
        logger.info("archive stage started", metadata: ["group": "\(settings.stage.group)"])
        do {
            while !Task.isShuttingDownGracefully && !Task.isCancelled { try await pollAndArchive(consumer) }
            let deadline = ContinuousClock.now + settings.drainTimeout
            while !Task.isCancelled && ContinuousClock.now < deadline {
                guard try await pollAndArchive(consumer) else { break }
            }
        } catch {
            await consumer.close()
            throw error
        }
        await consumer.close()
    }

    @discardableResult
    private func pollAndArchive(_ consumer: KafkaConsumer) async throws -> Bool {
        let messages = try await consumer.poll(
            maxMessages: settings.stage.batch.maxEvents, maxWait: .milliseconds(settings.stage.batch.maxWaitMs))
        guard !messages.isEmpty else { return false }
        let positions = try await archiveRetrying(messages)
        guard !positions.isEmpty else { return true }
        do {
            try await client.withTransaction(logger: logger) { connection in
                try await StageOffsetStore.advance(
                    stage: settings.stage.name, to: positions, on: connection, logger: logger)
            }
        } catch let error as StoreError {
            guard case .fenced = error else { throw error }
            // The block is on disk; the partition's new owner resumes after it (it reads the archive), so
            // nothing is written twice. Only this worker's commit is refused.
            logger.warning("archive commit fenced: partition owned by a newer worker", metadata: ["reason": "\(error)"])
            held.withLock { $0.counters.fencedBatches += 1 }
        }
        return true
    }

    /// Archives the batch, retrying while the disk refuses (full, unwritable): loud in the log and in
    /// `mataresit_disk_write_errors_total`, never committing what is not on disk, never ending the stage for it.
    private func archiveRetrying(_ messages: [KafkaMessage]) async throws -> [PartitionPosition] {
        var delay = Duration.seconds(1)
        while true {
            do {
                return try archive(messages)
            } catch {
                guard !Task.isCancelled else { throw error }
                held.withLock { $0.counters.diskWriteErrors += 1 }
                StageMetrics.recordDiskWriteError("archive")
                logger.error(
                    "cannot write the archive; retrying (is the disk full or the folder unwritable?)",
                    metadata: ["folder": "\(settings.directory)", "error": "\(error)", "retry_in": "\(delay)"])
                try await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(30))
            }
        }
    }

    /// Writes and fsyncs one block per held partition; returns the positions to commit.
    private func archive(_ messages: [KafkaMessage]) throws -> [PartitionPosition] {
        let grouped = Dictionary(grouping: messages, by: \.topicPartition)
        return try held.withLock { held in
            var positions: [PartitionPosition] = []
            for (partition, batch) in grouped {
                guard let (writer, epoch) = held.writers[partition] else { continue }
                let records = batch.filter { $0.offset >= (writer.nextOffset ?? 0) }.sorted { $0.offset < $1.offset }
                    .map(Self.record)
                guard let last = records.last else { continue }
                try writer.append(records)
                held.counters.events += records.count
                positions.append(
                    PartitionPosition(
                        topic: partition.topic, partition: partition.partition, epoch: epoch,
                        nextOffset: last.offset + 1, newestEventMicros: records.map(\.eventMicros).max() ?? 0))
            }
            held.counters.batches += 1
            return positions
        }
    }

    static func record(_ message: KafkaMessage) -> ArchiveRecord {
        let micros = (try? EventCodec.decode(message.value).occurredAtMicros) ?? (message.timestampMs ?? 0) * 1000
        return ArchiveRecord(offset: message.offset, eventMicros: micros, key: message.key, value: message.value)
    }

    private func rebalanceHandler() -> KafkaRebalanceHandler {
        KafkaRebalanceHandler(
            assigned: { [self] partitions in try await claim(partitions) },
            revoked: { [self] partitions in
                held.withLock { held in
                    for partition in partitions { held.writers.removeValue(forKey: partition)?.writer.close() }
                }
            })
    }

    /// Bumps the epochs, recovers each partition's newest segment, and resumes after what the archive holds.
    private func claim(_ partitions: [TopicPartition]) async throws -> [TopicPartition: StartPosition] {
        let claims = try await offsets.claim(
            stage: settings.stage.name, partitions: partitions.map { ($0.topic, $0.partition) }, owner: settings.owner)
        let layout = ArchiveLayout(root: settings.directory)
        var positions: [TopicPartition: StartPosition] = [:]
        var catchUp: [PartitionPosition] = []
        for claim in claims {
            let partition = TopicPartition(topic: claim.topic, partition: claim.partition)
            let writer = ArchivePartitionWriter(partition: partition, layout: layout, policy: settings.roll, logger: logger)
            let archived = try writer.recover()
            positions[partition] = Self.resume(archived: archived, committed: claim.nextOffset, start: settings.stage.start)
            if archived == nil, let committed = claim.nextOffset, committed > 0 {
                logger.error(
                    "archive holds nothing for a partition the stage has committed; was ARCHIVE_DIR changed?",
                    metadata: ["partition": "\(partition)", "committed": "\(committed)"])
            }
            held.withLock { $0.writers[partition] = (writer, claim.epoch) }
            if let archived, archived != claim.nextOffset {
                // Fsynced before a crash but never committed: the stored offset catches up with the archive now.
                catchUp.append(
                    PartitionPosition(
                        topic: claim.topic, partition: claim.partition, epoch: claim.epoch, nextOffset: archived,
                        newestEventMicros: 0))
            }
        }
        if !catchUp.isEmpty {
            try await client.withTransaction(logger: logger) { connection in
                try await StageOffsetStore.advance(stage: settings.stage.name, to: catchUp, on: connection, logger: logger)
            }
        }
        logger.info("partitions assigned", metadata: ["count": "\(claims.count)"])
        return positions
    }

    /// The archive is the truth of what was archived (its fsync precedes the commit); the stored offset only
    /// matters when the archive holds nothing for the partition.
    static func resume(archived: Int64?, committed: Int64?, start: StageSpec.StartPosition) -> StartPosition {
        if let archived { return .offset(archived) }
        if let committed { return .offset(committed) }
        return start == .earliest ? .beginning : .end
    }

    private func closeAll() {
        held.withLock { held in
            for (_, entry) in held.writers { entry.writer.close() }
            held.writers.removeAll()
        }
    }
}
