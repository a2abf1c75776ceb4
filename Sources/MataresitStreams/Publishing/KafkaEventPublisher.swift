import Logging
import Metrics
import MataresitCore
import MataresitKafka
import Synchronization

/// Publishes API events to Kafka without ever blocking the request: librdkafka queues them and its
/// idempotent producer delivers them in zstd batches; what it refuses goes to the on-disk spool.
public final class KafkaEventPublisher: EventPublishing {
    private let producer: KafkaProducer
    private let spool: EventSpool
    private let logger: Logger
    private let rejected = Atomic<Int>(0)
    /// One counter per topic: making a `Counter` looks its label up in the metrics registry on every call.
    private let produced = Mutex<[String: Counter]>([:])

    public init(producer: KafkaProducer, spool: EventSpool, logger: Logger) {
        self.producer = producer
        self.spool = spool
        self.logger = logger
    }

    public func publish(_ envelope: EventEnvelope) {
        let reason: String
        let topic = Topics.topic(for: envelope.payload)
        let key = Topics.partitionKey(for: envelope), value = EventCodec.encode(envelope)
        do {
            let result = try producer.send(topic: topic, key: key, value: value)
            guard result == .queueFull else {
                producedCounter(topic).increment()
                return
            }
            reason = "producer queue full"
        } catch {
            reason = "\(error)"
        }
        Counter(
            label: "mataresit_events_refused_total",
            dimensions: [("topic", topic), ("reason", reason == "producer queue full" ? "queue_full" : "error")]
        ).increment()
        spool.append([SpoolRecord(topic: topic, key: key, value: value)])
        rejected.add(1, ordering: .relaxed)
        logger.warning("event spooled", metadata: ["type": "\(envelope.type)", "reason": "\(reason)"])
    }

    private func producedCounter(_ topic: String) -> Counter {
        produced.withLock { counters in
            if let counter = counters[topic] { return counter }
            let counter = Counter(label: "mataresit_events_produced_total", dimensions: [("topic", topic)])
            counters[topic] = counter
            return counter
        }
    }

    /// Events librdkafka refused (queue full, producer closed) and the spool took instead.
    public var rejectedCount: Int { rejected.load(ordering: .relaxed) }
}
