import Logging
import Synchronization
import MataresitKafka
import ServiceLifecycle

/// Writes spooled events to disk as they arrive and, whenever the broker answers, sends the spool's
/// segments back to Kafka, oldest first, deleting each once delivered. Runs until shutdown, then writes
/// whatever is still buffered (the producer, stopped before it, hands its undelivered events over).
public struct SpoolDrainer: Service {
    let spool: EventSpool
    let producer: KafkaProducer
    let brokerIsReachable: @Sendable () async -> Bool
    let logger: Logger
    private let writeErrorLog = LogThrottle(every: .seconds(10))

    public init(
        spool: EventSpool, producer: KafkaProducer, logger: Logger,
        brokerIsReachable: @escaping @Sendable () async -> Bool
    ) {
        self.spool = spool
        self.producer = producer
        self.logger = logger
        self.brokerIsReachable = brokerIsReachable
    }

    public func run() async throws {
        var tick = 0
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(250))
            writeBuffered()
            tick += 1
            if tick % 8 == 0, spool.depth > 0, await brokerIsReachable() { await drain() }
        }
        writeBuffered()
    }

    /// Writes buffered events to disk; a failure (disk full, unwritable folder) keeps them in memory, is counted
    /// in `mataresit_disk_write_errors_total{target="spool"}`, logged (at most every 10 s) and retried.
    func writeBuffered() {
        do {
            try spool.flush()
            writeErrorLog.reset()
        } catch {
            StageMetrics.recordDiskWriteError("spool")
            if writeErrorLog.shouldLog() {
                logger.error(
                    "cannot write the event spool; events wait in memory (is the disk full?)",
                    metadata: ["folder": "\(spool.directory)", "error": "\(error)", "waiting": "\(spool.depth)"])
            }
        }
    }

    /// Re-sends sealed segments while deliveries succeed.
    func drain() async {
        do {
            for segment in try spool.sealedSegments() {
                guard try await drain(segment) else { return }
            }
        } catch {
            logger.error("spool drain failed", metadata: ["error": "\(error)"])
        }
    }

    private func drain(_ segment: String) async throws -> Bool {
        let contents = try spool.contents(of: segment)
        for record in contents.records {
            while try producer.send(topic: record.topic, key: record.key, value: record.value) == .queueFull {
                try await Task.sleep(for: .milliseconds(10))
            }
        }
        let undelivered = await producer.flush(timeout: .seconds(15))
        guard undelivered == 0 else {
            logger.warning("spool drain paused: broker not taking events", metadata: ["segment": "\(segment)"])
            return false
        }
        if let damage = contents.damage {
            logger.error(
                "spool segment damaged: delivered what was readable, kept the file aside",
                metadata: ["segment": "\(segment)", "damage": "\(damage)", "delivered": "\(contents.records.count)"])
            try spool.quarantine(segment, drained: contents.records.count)
        } else {
            try spool.remove(segment, drained: contents.records.count)
        }
        logger.info("spool segment drained", metadata: ["segment": "\(segment)", "events": "\(contents.records.count)"])
        return true
    }
}

/// Says whether a repeating error should be logged now: the first time, then at most once per `every`.
final class LogThrottle: Sendable {
    private let every: Duration
    private let last = Mutex<ContinuousClock.Instant?>(nil)

    init(every: Duration) { self.every = every }

    func shouldLog() -> Bool {
        let now = ContinuousClock.now
        return last.withLock { last in
            guard last.map({ now - $0 >= every }) ?? true else { return false }
            last = now
            return true
        }
    }

    /// The error stopped: the next one is logged at once.
    func reset() { last.withLock { $0 = nil } }
}
