import Foundation
import Logging
import MataresitCore
import MataresitKafka
import MataresitStore
import PostgresNIO
import ServiceLifecycle
import Synchronization

/// Runs one stage in its consumer group: poll a batch, project it, and commit rows and offsets in one
/// Postgres transaction that checks the partitions' fencing epochs. Exactly-once by construction:
/// a batch is either wholly applied with its offsets or not at all, and offsets are read back on assignment.
public final class StageRunner<Projection: StageProjection>: Service {
    public struct Settings: Sendable {
        public var stage: StageSpec
        public var kafka: KafkaConfiguration
        /// Identifies this worker in `stage_offsets.owner` (host:pid by default).
        public var owner: String
        /// Failure injection (tests only).
        @_spi(Testing) public var faults: StageFaults = .none
        /// How long a graceful shutdown keeps draining the topic (default 5 s).
        public var drainTimeout: Duration
        /// Checks stored offsets against Kafka's oldest kept offsets on assignment (nil: no check).
        public var retentionGapCheck: RetentionGapCheck? = nil

        public init(
            stage: StageSpec, kafka: KafkaConfiguration, owner: String, drainTimeout: Duration = .seconds(5)
        ) {
            self.stage = stage
            self.kafka = kafka
            self.owner = owner
            self.drainTimeout = drainTimeout
        }
    }

    private let settings: Settings
    private let projection: Projection
    private let client: PostgresClient
    private let offsets: StageOffsetStore
    private let logger: Logger
    private let epochs = Mutex<[TopicPartition: Int64]>([:])
    private let counters = Mutex(StageCounters())
    private let deadLetters: DeadLetterSink

    public init(settings: Settings, projection: Projection, client: PostgresClient, logger: Logger) {
        self.settings = settings
        self.projection = projection
        self.client = client
        self.offsets = StageOffsetStore(client: client, logger: logger)
        self.deadLetters = DeadLetterSink(configuration: settings.kafka, logger: logger)
        var logger = logger
        logger[metadataKey: "stage"] = "\(settings.stage.name)"
        self.logger = logger
    }

    /// Totals since start (for progress output and tests).
    public var statistics: StageCounters { counters.withLock { $0 } }

    /// Runs until shutdown. While the database is unreachable the stage pauses: it leaves the group, waits
    /// (backing off to 10 s) and joins again, resuming from its committed offsets; other errors end it.
    public func run() async throws {
        defer { projection.stopped() }
        do {
            try await runPausingOnDatabaseOutages()
        } catch {
            await deadLetters.shutdown()
            throw error
        }
        await deadLetters.shutdown()
    }

    private func runPausingOnDatabaseOutages() async throws {
        try await DatabaseOutageRetry.run(logger: logger) { try await runInGroup() }
        logger.info("stage stopped", metadata: ["events": "\(statistics.events)"])
    }

    /// One membership of the consumer group: joins, consumes until shutdown or an error, leaves.
    private func runInGroup() async throws {
        let consumer = try KafkaConsumer(
            configuration: consumerConfiguration, groupID: settings.stage.group, topics: settings.stage.inputs,
            rebalance: rebalanceHandler(), logger: logger)
        logger.info("stage started", metadata: ["group": "\(settings.stage.group)"])
        do {
            try await consume(from: consumer)
        } catch {
            await consumer.close()
            throw error
        }
        await consumer.close()
    }

    /// A worker killed with SIGKILL leaves the group only when its session times out: librdkafka's 45 s default
    /// would stall its partitions that long, so stages default to 10 s (heartbeats every second) unless configured.
    private var consumerConfiguration: KafkaConfiguration {
        var configuration = settings.kafka
        if configuration.properties["session.timeout.ms"] == nil {
            configuration.properties["session.timeout.ms"] = "10000"
            configuration.properties["heartbeat.interval.ms"] =
                configuration.properties["heartbeat.interval.ms"] ?? "1000"
        }
        return configuration
    }

    /// Polls and applies batches until shutdown, one transaction at a time in poll order; while a batch is being
    /// written, the next one is polled, decoded and prepared, so the database and this process work at once. On
    /// graceful shutdown (which comes after the API stopped and the producer flushed) it drains what is already in
    /// the topic, for up to `drainTimeout`, so that an in-memory broker going down with the process loses nothing
    /// that was accepted.
    private func consume(from consumer: KafkaConsumer) async throws {
        var next: PreparedBatch?
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let polled = next == nil ? try await pollAndPrepare(consumer) : next
            guard let current = polled else { continue }
            async let written: Void = applyRetrying(current)
            next = Task.isShuttingDownGracefully ? nil : try await pollAndPrepare(consumer)
            try await written
        }
        if let next { try await applyRetrying(next) }
        let deadline = ContinuousClock.now + settings.drainTimeout
        while !Task.isCancelled && ContinuousClock.now < deadline {
            guard let batch = try await pollAndPrepare(consumer) else { break }
            try await applyRetrying(batch)
        }
    }

    /// A polled batch, and its projection prepared ahead of its transaction when that succeeded (else the
    /// transaction's retries prepare it).
    struct PreparedBatch: Sendable {
        let batch: StageBatch
        let prepared: Projection.Prepared?
    }

    /// One poll; nil when it brought no messages of partitions this worker holds.
    private func pollAndPrepare(_ consumer: KafkaConsumer) async throws -> PreparedBatch? {
        let wait = Duration.milliseconds(settings.stage.batch.maxWaitMs)
        let messages = try await consumer.poll(maxMessages: settings.stage.batch.maxEvents, maxWait: wait)
        guard !messages.isEmpty else { return nil }
        let batch = makeBatch(messages)
        guard !batch.isEmpty else { return nil }
        return PreparedBatch(batch: batch, prepared: try? await projection.prepare(batch.input))
    }

    private func rebalanceHandler() -> KafkaRebalanceHandler {
        KafkaRebalanceHandler(
            assigned: { [self] partitions in try await claim(partitions) },
            revoked: { [self] partitions in
                epochs.withLock { held in for partition in partitions { held[partition] = nil } }
                projection.revoked(partitions)
                logger.info("partitions revoked", metadata: ["count": "\(partitions.count)"])
            })
    }

    private func makeBatch(_ messages: [KafkaMessage]) -> StageBatch {
        StageBatch(messages: messages, epochs: epochs.withLock { $0 }, raw: projection.readsRawMessages)
    }

    /// Bumps the epochs of newly assigned partitions and returns where to resume each.
    private func claim(_ partitions: [TopicPartition]) async throws -> [TopicPartition: StartPosition] {
        let claims = try await offsets.claim(
            stage: settings.stage.name, partitions: partitions.map { ($0.topic, $0.partition) },
            owner: settings.owner)
        var positions: [TopicPartition: StartPosition] = [:]
        epochs.withLock { held in
            for claim in claims {
                let partition = TopicPartition(topic: claim.topic, partition: claim.partition)
                held[partition] = claim.epoch
                positions[partition] = claim.nextOffset.map(StartPosition.offset) ?? defaultStart
            }
        }
        for (partition, position) in try await projection.assigned(claims) { positions[partition] = position }
        if let check = settings.retentionGapCheck {
            for gap in try await check.gaps(stage: settings.stage.name, resumeAt: Self.storedOffsets(claims)) {
                try await fill(gap, from: check)
                positions[gap.partition] = .offset(gap.missing.upperBound + 1)
            }
        }
        counters.withLock { $0.partitionsAssigned += claims.count }
        logger.info("partitions assigned", metadata: ["count": "\(claims.count)"])
        return positions
    }

    /// Kafka no longer holds the offsets this stage needs next: applies them from the archive when it holds
    /// them all, else stops the stage with the gap (never skips it).
    private func fill(_ gap: RetentionGap, from check: RetentionGapCheck) async throws {
        guard gap.archived else {
            logger.error("retention gap", metadata: ["gap": "\(gap)"])
            throw gap
        }
        let records = try await check.archivedRecords(of: gap)
        logger.warning(
            "retention gap: reading the missing offsets from the archive",
            metadata: ["partition": "\(gap.partition)", "missing": "\(gap.missing)", "records": "\(records.count)"])
        for start in stride(from: 0, to: records.count, by: max(1, settings.stage.batch.maxEvents)) {
            let chunk = records[start..<min(start + settings.stage.batch.maxEvents, records.count)]
            let messages = chunk.map { record in
                KafkaMessage(
                    topic: gap.partition.topic, partition: gap.partition.partition, offset: record.offset,
                    key: record.key, value: record.value, timestampMs: record.eventMicros / 1000)
            }
            try await applyRetrying(makeBatch(messages))
        }
    }

    static func storedOffsets(_ claims: [PartitionClaim]) -> [TopicPartition: Int64] {
        var stored: [TopicPartition: Int64] = [:]
        for claim in claims {
            stored[TopicPartition(topic: claim.topic, partition: claim.partition)] = claim.nextOffset
        }
        return stored
    }

    private var defaultStart: StartPosition { settings.stage.start == .earliest ? .beginning : .end }

    /// Applies a batch, retrying transient failures (database connection, dead-letter delivery) until it
    /// commits, is fenced, or we shut down. A batch the database refuses for its data (`DataRefusal`: a value
    /// Postgres rejects) is applied event by event, and the events it refuses are dead-lettered.
    private func applyRetrying(_ batch: StageBatch) async throws {
        try await applyRetrying(PreparedBatch(batch: batch, prepared: nil))
    }

    private func applyRetrying(_ prepared: PreparedBatch) async throws {
        let batch = prepared.batch
        guard !batch.isEmpty else { return }
        var delay = Duration.milliseconds(100)
        var ahead = prepared.prepared
        while true {
            do {
                try await apply(batch, prepared: ahead)
                return
            } catch let error as StoreError {
                if case .fenced = error {
                    logger.warning("batch fenced: partition owned by a newer worker", metadata: ["reason": "\(error)"])
                    counters.withLock { $0.fencedBatches += 1 }
                    StageMetrics.recordFenced(stage: settings.stage.name)
                    return
                }
                StageMetrics.recordDatabaseError()
                if let refusal = DataRefusal(error) {
                    try await applyRefused(batch, refusal: refusal)
                    return
                }
                guard error.isRetriable, !Task.isCancelled else { throw error }
                logger.warning("batch failed, retrying", metadata: ["reason": "\(error)", "delay": "\(delay)"])
            } catch let error as DeadLetterDeliveryFailed {
                guard !Task.isCancelled else { throw error }
                logger.warning(
                    "dead letters not delivered, retrying", metadata: ["reason": "\(error)", "delay": "\(delay)"])
            }
            ahead = nil  // prepared again on the retry: a partition or key it relied on may have changed
            try await Task.sleep(for: delay)
            delay = min(delay * 2, .seconds(5))
        }
    }

    /// The database refused a batch for its data: one event at a time, each refused one dead-lettered with its
    /// offset committed, so the stage moves on and every good event of the batch is still applied.
    private func applyRefused(_ batch: StageBatch, refusal: DataRefusal) async throws {
        guard batch.messages.count > 1 else {
            logger.warning(
                "event refused by the database, dead-lettering it", metadata: ["reason": "\(refusal.reason)"])
            try await applyRetrying(batch.rejectingAll(reason: refusal.reason))
            return
        }
        logger.warning(
            "batch refused by the database, applying it event by event",
            metadata: ["events": "\(batch.messages.count)", "reason": "\(refusal.reason)"])
        for single in batch.singles { try await applyRetrying(single) }
    }

    private func apply(_ batch: StageBatch, prepared ahead: Projection.Prepared?) async throws {
        // Delivered before the transaction: the committed offsets never pass an undelivered dead letter.
        let letters = batch.deadLetters(stage: settings.stage.name)
        try await deadLetters.deliver(letters, producerName: settings.owner)
        let started = ContinuousClock.now
        let prepared = try await wrapped {
            if let ahead { return ahead }
            return try await projection.prepare(batch.input)
        }
        let batchNumber = counters.withLock { $0.batches + 1 }
        try await settings.faults.beforeTransaction(batchNumber)
        let written = try await wrapped {
            try await client.withTransaction(logger: logger) { connection in
                try await StageOffsetStore.advance(
                    stage: settings.stage.name, to: batch.positions, on: connection, logger: logger)
                let written = try await projection.write(prepared, on: connection, logger: logger)
                try await settings.faults.beforeCommit(batchNumber)
                return written
            }
        }
        counters.withLock {
            $0.batches += 1
            $0.events += batch.events.count
            $0.rowsWritten += written
            $0.undecodable += batch.undecodableCount
            $0.deadLetters += letters.count
        }
        for letter in letters {
            logger.warning(
                "event dead-lettered",
                metadata: [
                    "topic": "\(letter.sourceTopic)", "partition": "\(letter.sourcePartition)",
                    "offset": "\(letter.sourceOffset)", "reason": "\(letter.reason)"
                ])
        }
        StageMetrics.recordBatch(
            stage: settings.stage.name, since: started, events: batch.events.count, rows: written,
            undecodable: batch.undecodableCount, deadLetters: letters.count)
    }

    private func wrapped<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch { throw StoreError.wrap(error) }
    }
}

/// What a stage has done since it started.
public struct StageCounters: Sendable, Equatable {
    public var batches = 0
    public var events = 0
    public var rowsWritten = 0
    public var undecodable = 0
    /// Events sent to the dead-letter topic (undecodable, unknown type, or refused by the database).
    public var deadLetters = 0
    public var fencedBatches = 0
    /// Archive writes that failed and were retried (a full disk, an unreachable bucket).
    public var diskWriteErrors = 0
    /// Partitions this stage was given and has taken up (claimed, positions chosen), over all rebalances.
    public var partitionsAssigned = 0
}
