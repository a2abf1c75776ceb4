import Foundation
import Logging
import MataresitCore
import MataresitKafka
import MataresitStore
import PostgresNIO
import Synchronization

/// Rebuilds one stage's tables into a shadow schema from the archive and then the retained Kafka log, and swaps
/// them in atomically. The projection must be built on `shadowClient` (whose `search_path` leads with the shadow
/// schema), so everything it writes lands in the shadow.
///
/// The swap, in one transaction on the live database: lock the stage's offset rows (the live stage's next commit
/// waits there), apply the shadow up to those offsets, replace the stage's event-ledger rows with the shadow's,
/// then move the tables. The live stage continues from its own offsets into the new tables; anything the shadow
/// applied beyond them is absorbed by the event ids (access-log primary key, ledger).
public struct ReplayEngine<Projection: EventProjection>: Sendable {
    public let stage: StageSpec
    public let partitions: [TopicPartition]
    public let projection: Projection
    public let shadow: ShadowTables
    public let shadowClient: PostgresClient
    public let liveClient: PostgresClient
    public let archive: ArchiveReader?
    public let kafka: KafkaConfiguration?
    public let bounds: ReplayBounds
    public let progress: ReplayProgress
    public let logger: Logger

    public init(
        stage: StageSpec, partitions: [TopicPartition], projection: Projection, shadow: ShadowTables,
        shadowClient: PostgresClient, liveClient: PostgresClient, archive: ArchiveReader?, kafka: KafkaConfiguration?,
        bounds: ReplayBounds, progress: ReplayProgress, logger: Logger
    ) {
        self.stage = stage
        self.partitions = partitions
        self.projection = projection
        self.shadow = shadow
        self.shadowClient = shadowClient
        self.liveClient = liveClient
        self.archive = archive
        self.kafka = kafka
        self.bounds = bounds
        self.progress = progress
        self.logger = logger
    }

    /// Runs the replay; returns how many events were applied and whether the tables were swapped in.
    public func run() async throws -> ReplayOutcome {
        try await shadow.create(client: liveClient, logger: logger)
        let cursor = ReplayCursor()
        try await replayArchive(cursor)
        progress.finish(phase: "archive")
        if let kafka {
            let consumer = try await openConsumer(kafka, cursor: cursor)
            do {
                try await catchUp(consumer, cursor: cursor)
                if bounds.isUnbounded { try await swap(consumer, cursor: cursor) }
            } catch {
                await consumer.close()
                throw error
            }
            await consumer.close()
            if bounds.isUnbounded {
                progress.finish(phase: "swapped")
                return ReplayOutcome(events: progress.events, swapped: true, shadowSchema: nil)
            }
        } else if bounds.isUnbounded {
            try await swap(nil, cursor: cursor)
            progress.finish(phase: "swapped")
            return ReplayOutcome(events: progress.events, swapped: true, shadowSchema: nil)
        }
        if let key = Self.rowKey(of: stage) {
            let rows = try await reprojectWindow(key: key)
            progress.finish(phase: "re-projected")
            return ReplayOutcome(events: progress.events, swapped: false, shadowSchema: nil, rowsReprojected: rows)
        }
        progress.finish(phase: "built")
        return ReplayOutcome(events: progress.events, swapped: false, shadowSchema: shadow.schema)
    }

    /// The row key of a stage whose projections all have one row per event: a bounded replay of it re-projects the
    /// window's rows in place. An aggregate's window cannot replace its totals, so it stays in the shadow schema.
    static func rowKey(of stage: StageSpec) -> (table: String, columns: [String])? {
        stage.projections.count == 1 ? stage.projections.first?.rowKey : nil
    }

    private func reprojectWindow(key: (table: String, columns: [String])) async throws -> Int {
        let rows = try await liveClient.withTransaction(logger: logger) { connection in
            try await shadow.reprojectInPlace(key.table, key: key.columns, on: connection, logger: logger)
        }
        try await shadow.drop(client: liveClient, logger: logger)
        logger.info("replay re-projected a window in place", metadata: ["stage": "\(stage.name)", "rows": "\(rows)"])
        return rows
    }

    // MARK: archive

    /// Replays each partition's segments in offset order, partition after partition, writing one chunk at a time:
    /// the projections cache which day partitions they created, so two concurrent writers on one projection could
    /// insert into a day partition the other has not committed yet. What is not writing runs ahead, so both cores
    /// stay busy: the next segments are read (and checked) while this one's chunks go, and the next chunk is decoded
    /// and prepared (key look-ups, day partitions) while the current one is written.
    private func replayArchive(_ cursor: ReplayCursor) async throws {
        guard let archive else { return }
        var work: [(partition: TopicPartition, segment: ArchiveSegment)] = []
        for partition in partitions { work += try await archive.segments(of: partition).map { (partition, $0) } }
        progress.expect(atLeast: progress.events + work.reduce(0) { $0 + $1.segment.index.events })
        var starts: [TopicPartition: Int64] = [:]
        var pending: (partition: TopicPartition, chunk: Task<PreparedChunk, any Error>)?
        // Reads run ahead of the writes: up to four small segments at once (a bucket's, each waiting mostly on the
        // network), but never more than one large one (a folder's 64 MiB segments) beyond the one being written.
        var reads: [(bytes: Int, task: Task<[ArchiveRecord], any Error>)] = []
        var nextToRead = 0
        func readAhead() {
            while nextToRead < work.count, reads.count < 4,
                reads.isEmpty || reads.reduce(0, { $0 + $1.bytes }) + work[nextToRead].segment.index.bytes <= 32 << 20
            {
                let segment = work[nextToRead].segment
                reads.append((segment.index.bytes, read(segment, from: archive)))
                nextToRead += 1
            }
        }
        readAhead()
        defer {
            pending?.chunk.cancel()
            for read in reads { read.task.cancel() }
        }
        for (partition, _) in work {
            let records = try await reads.removeFirst().task.value
            readAhead()
            for slice in records.chunked(stage.batch.maxEvents) {
                let messages = slice.map { (offset: $0.offset, value: $0.value) }
                let from = starts[partition] ?? cursor.next(partition)
                starts[partition] = max(from, (messages.last?.offset ?? from - 1) + 1)
                // One chunk in preparation at a time, beside one being written.
                let ready = try await pending?.chunk.value
                let written = pending?.partition
                pending = (partition, Task { try await prepareChunk(messages, from: from) })
                if let ready, let written { try await write(ready, partition: written, cursor: cursor, on: nil) }
            }
        }
        if let current = pending {
            pending = nil
            try await write(try await current.chunk.value, partition: current.partition, cursor: cursor, on: nil)
        }
    }

    private func read(_ segment: ArchiveSegment, from archive: ArchiveReader) -> Task<[ArchiveRecord], any Error> {
        Task {
            if let damage = segment.damage { throw damage }
            return try await archive.records(of: segment)
        }
    }

    // MARK: Kafka

    /// Reads each partition from where the archive left off; a gap below Kafka's oldest offset is an error.
    private func openConsumer(_ kafka: KafkaConfiguration, cursor: ReplayCursor) async throws -> KafkaConsumer {
        let admin = try KafkaAdmin(configuration: kafka, logger: logger)
        var assignment: [TopicPartition: StartPosition] = [:]
        for partition in partitions {
            let (low, high) = try await admin.watermarks(partition, timeout: .seconds(10))
            let next = max(cursor.next(partition), bounds.fromOffset ?? 0)
            if let missing = RetentionGapCheck.gap(next: next, oldestRetained: low) {
                throw RetentionGap(stage: stage.name, partition: partition, missing: missing, archived: false)
            }
            assignment[partition] = .offset(max(next, low))
            cursor.setHigh(partition, high)
            progress.expect(atLeast: progress.events + Int(max(0, high - max(next, low))))
        }
        return try KafkaConsumer(configuration: kafka, assignment: assignment, logger: logger)
    }

    /// Applies Kafka until every partition reaches its target: the live stage's offsets when swapping (repeated
    /// until the distance left is small), the high watermarks seen at start otherwise.
    private func catchUp(_ consumer: KafkaConsumer, cursor: ReplayCursor) async throws {
        if !bounds.isUnbounded {
            try await pump(consumer, cursor: cursor, until: cursor.high)
            return
        }
        for _ in 0..<1000 {
            let targets = try await liveOffsets(on: nil)
            let behind = targets.reduce(Int64(0)) { $0 + max(0, $1.value - cursor.next($1.key)) }
            if behind <= Int64(stage.batch.maxEvents) { return }
            try await pump(consumer, cursor: cursor, until: targets)
        }
    }

    /// Polls and applies until `cursor.next[p] >= targets[p]` for every partition with a target.
    private func pump(_ consumer: KafkaConsumer, cursor: ReplayCursor, until targets: [TopicPartition: Int64])
        async throws
    {
        var idle = IdlePolls(stage: stage.name)
        while targets.contains(where: { cursor.next($0.key) < $0.value }) {
            let messages = try await consumer.poll(maxMessages: stage.batch.maxEvents, maxWait: .milliseconds(200))
            try idle.count(messages)
            for (partition, batch) in Dictionary(grouping: messages, by: \.topicPartition) {
                try await apply(batch.map { ($0.offset, $0.value) }, partition: partition, cursor: cursor)
            }
        }
    }

    /// The swap's last stretch, inside its transaction: polls up to the targets first and prepares every chunk
    /// before writing any. A chunk prepared after a write could wait forever: a new day's partition is created
    /// on another connection, and the parent's lock it needs is held by this very transaction.
    private func pumpForSwap(
        _ consumer: KafkaConsumer, cursor: ReplayCursor, until targets: [TopicPartition: Int64],
        on connection: PostgresConnection
    ) async throws {
        var idle = IdlePolls(stage: stage.name)
        var polled: [TopicPartition: [(offset: Int64, value: [UInt8])]] = [:]
        func reached(_ target: (key: TopicPartition, value: Int64)) -> Bool {
            (polled[target.key]?.last?.offset).map { $0 + 1 >= target.value }
                ?? (cursor.next(target.key) >= target.value)
        }
        while !targets.allSatisfy(reached) {
            let messages = try await consumer.poll(maxMessages: stage.batch.maxEvents, maxWait: .milliseconds(200))
            try idle.count(messages)
            for message in messages {
                polled[message.topicPartition, default: []].append((message.offset, message.value))
            }
        }
        var chunks: [(TopicPartition, PreparedChunk)] = []
        for (partition, messages) in polled {
            chunks.append((partition, try await prepareChunk(messages, from: cursor.next(partition))))
        }
        for (partition, chunk) in chunks {
            try await write(chunk, partition: partition, cursor: cursor, on: connection)
        }
    }

    // MARK: applying

    /// Projects one partition's messages into the shadow, in a transaction of their own.
    private func apply(_ messages: [(offset: Int64, value: [UInt8])], partition: TopicPartition, cursor: ReplayCursor)
        async throws
    {
        let chunk = try await prepareChunk(messages, from: cursor.next(partition))
        try await write(chunk, partition: partition, cursor: cursor, on: nil)
    }

    /// A chunk decoded and prepared, ready for its transaction.
    private struct PreparedChunk: Sendable {
        let prepared: Projection.Prepared?
        let messages: Int
        let undecodable: Int
        let lastOffset: Int64?
    }

    /// Outside any transaction: the messages from offset `start` on, decoded, filtered by the bounds and
    /// prepared by the projection.
    private func prepareChunk(_ messages: [(offset: Int64, value: [UInt8])], from start: Int64) async throws
        -> PreparedChunk
    {
        let fresh = messages.filter { $0.offset >= start && bounds.admits(offset: $0.offset) }
        guard let last = fresh.last else {
            return PreparedChunk(prepared: nil, messages: 0, undecodable: 0, lastOffset: nil)
        }
        let decoded = fresh.compactMap { try? EventCodec.decode($0.value) }
        let events = decoded.filter { bounds.admits(eventMicros: $0.occurredAtMicros) }
        // Undecodable events are the dead-letter stage's; the live stage skipped them too.
        return PreparedChunk(
            prepared: events.isEmpty ? nil : try await projection.prepare(events), messages: fresh.count,
            undecodable: fresh.count - decoded.count, lastOffset: last.offset)
    }

    private func write(
        _ chunk: PreparedChunk, partition: TopicPartition, cursor: ReplayCursor, on connection: PostgresConnection?
    )
        async throws
    {
        guard let last = chunk.lastOffset else { return }
        cursor.countUndecodable(chunk.undecodable)
        if let prepared = chunk.prepared {
            if let connection {
                _ = try await shadow.within(on: connection, logger: logger) {
                    try await projection.write(prepared, on: connection, logger: logger)
                }
            } else {
                try await shadowClient.withTransaction(logger: logger) { connection in
                    _ = try await projection.write(prepared, on: connection, logger: logger)
                }
            }
        }
        cursor.advance(partition, to: last + 1)
        progress.advance(by: chunk.messages, phase: connection == nil ? "replay" : "final catch-up")
    }

    // MARK: swap

    /// The live stage's stored offsets (locked until the transaction ends when `connection` is given).
    private func liveOffsets(on connection: PostgresConnection?) async throws -> [TopicPartition: Int64] {
        let committed =
            if let connection {
                try await StageOffsetStore.committedLocked(stage: stage.name, on: connection, logger: logger)
            } else {
                try await StageOffsetStore(client: liveClient, logger: logger).committed(stage: stage.name)
            }
        return Dictionary(
            committed.map { (TopicPartition(topic: $0.topic, partition: $0.partition), $0.nextOffset) },
            uniquingKeysWith: max)
    }

    private func swap(_ consumer: KafkaConsumer?, cursor: ReplayCursor) async throws {
        try await liveClient.withTransaction(logger: logger) { connection in
            let targets = try await liveOffsets(on: connection)
            if let consumer {
                try await pumpForSwap(consumer, cursor: cursor, until: targets, on: connection)
            } else if targets.contains(where: { cursor.next($0.key) < $0.value }) {
                throw StoreError.configuration(
                    "replay of \(stage.name): the archive ends before the live stage's offsets")
            }
            if shadow.usesLedger { try await shadow.replaceLedger(of: stage.name, on: connection, logger: logger) }
            try await shadow.swap(on: connection, logger: logger)
        }
        logger.info("replay swapped in", metadata: ["stage": "\(stage.name)", "events": "\(progress.events)"])
    }
}

/// What a replay did.
public struct ReplayOutcome: Sendable, Equatable {
    public let events: Int
    public let swapped: Bool
    /// Where a bounded replay of an aggregate left its tables (nil once swapped or re-projected).
    public let shadowSchema: String?
    /// Live rows a bounded replay of a row-per-event stage overwrote (nil otherwise).
    public var rowsReprojected: Int? = nil
}

/// Where the replay is in each partition.
final class ReplayCursor: Sendable {
    private struct State {
        var next: [TopicPartition: Int64] = [:]
        var high: [TopicPartition: Int64] = [:]
        var undecodable = 0
    }
    private let state = Mutex(State())

    /// The next offset to apply, per partition.
    var next: [TopicPartition: Int64] { state.withLock { $0.next } }
    /// Kafka's high watermarks seen when the Kafka phase began.
    var high: [TopicPartition: Int64] { state.withLock { $0.high } }

    func next(_ partition: TopicPartition) -> Int64 { state.withLock { $0.next[partition] ?? 0 } }
    func advance(_ partition: TopicPartition, to offset: Int64) { state.withLock { $0.next[partition] = offset } }
    func setHigh(_ partition: TopicPartition, _ offset: Int64) { state.withLock { $0.high[partition] = offset } }
    func countUndecodable(_ count: Int) { state.withLock { $0.undecodable += count } }
}

extension Array {
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: Swift.max(1, size)).map { self[$0..<Swift.min($0 + size, count)] }
    }
}

/// Kafka polls that brought nothing, in a row: past 150 (30 s) the replay gives up instead of waiting forever.
private struct IdlePolls {
    let stage: String
    private var inARow = 0

    init(stage: String) { self.stage = stage }

    mutating func count(_ messages: [KafkaMessage]) throws {
        inARow = messages.isEmpty ? inARow + 1 : 0
        if inARow > 150 {
            throw StoreError.configuration("replay of \(stage): Kafka stopped delivering before the targets")
        }
    }
}
