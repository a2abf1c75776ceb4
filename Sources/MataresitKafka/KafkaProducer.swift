import Logging

/// An idempotent Kafka producer.
///
/// Defaults (overridable through ``KafkaConfiguration/properties``): `enable.idempotence=true`,
/// `acks=all`, `compression.type=zstd`, `linger.ms=50`; librdkafka's queue bound stays at its
/// default (`queue.buffering.max.messages=100000`).
///
/// Delivery reports are served on a dedicated poll thread; ``send(topic:partition:key:value:)``
/// only enqueues and never blocks.
public final class KafkaProducer: Sendable {
    let handle: UnsafeSendablePointer
    let gate = ProducerGate()
    let tracker: DeliveryTracker
    let thread: RDKafkaThread
    let logger: Logger

    /// Creates the producer and starts its poll thread.
    /// - Parameters:
    ///   - configuration: connection settings and extra properties.
    ///   - logger: receives librdkafka's log lines (never payloads).
    ///   - onDeliveryFailure: called on the poll thread for each message whose delivery finally
    ///     failed (including messages purged at shutdown), with its topic, key and value, so the
    ///     caller can spool it. Must not block for long.
    public init(
        configuration: KafkaConfiguration,
        logger: Logger,
        onDeliveryFailure: @escaping @Sendable (KafkaDeliveryFailure) -> Void = { _ in }
    ) throws {
        let tracker = DeliveryTracker(logger: logger, onFailure: onDeliveryFailure)
        let client = try RDKafkaClient(
            kind: .producer,
            properties: configuration.librdkafkaProperties(defaults: RDKafkaProducerCalls.defaults),
            context: RDKafkaCallbackContext(logger: logger, delivery: tracker)
        )
        self.handle = client.handle
        self.tracker = tracker
        self.logger = logger
        self.thread = RDKafkaThread(name: "kafka-producer-poll", client: client, idle: RDKafkaProducerCalls.poll)
    }

    deinit {
        guard gate.close() else { return }
        thread.submit { client in
            RDKafkaProducerCalls.purge(client.raw);
            _ = RDKafkaProducerCalls.flush(client.raw, timeout: .milliseconds(500))
        }
    }

    /// Enqueues a copy of the message into librdkafka and returns at once (never blocks).
    /// - Parameter partition: the partition, or `nil` for librdkafka's partitioner (by key hash).
    /// - Returns: ``KafkaSendResult/enqueued``, or ``KafkaSendResult/queueFull`` when librdkafka's
    ///   queue is at its bound (nothing was enqueued; the caller keeps the message).
    /// - Throws: ``KafkaError`` for anything else (unknown partition, fatal producer state,
    ///   ``KafkaError/Code/closed`` after ``shutdown(flushTimeout:)``).
    public func send(topic: String, partition: Int32? = nil, key: [UInt8]?, value: [UInt8]) throws -> KafkaSendResult {
        let outcome = gate.withOpenGate {
            RDKafkaProducerCalls.produce(handle.raw, topic: topic, partition: partition, key: key, value: value)
        }
        switch outcome {
        case .none:
            throw KafkaError(code: .closed, operation: "produce")
        case .some(.none):
            tracker.enqueued.add(1, ordering: .relaxed)
            return .enqueued
        case .some(.some(let error)) where error.code == .queueFull:
            return .queueFull
        case .some(.some(let error)):
            throw error
        }
    }

    /// Counters since creation.
    public var statistics: KafkaProducerStatistics {
        KafkaProducerStatistics(
            enqueued: tracker.enqueued.load(ordering: .relaxed),
            delivered: tracker.delivered.load(ordering: .relaxed),
            failed: tracker.failed.load(ordering: .relaxed),
            inFlight: gate.withOpenGate { RDKafkaProducerCalls.outQueueLength(handle.raw) } ?? 0
        )
    }
}
