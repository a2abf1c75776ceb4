import Logging
import MataresitCore
import MataresitKafka
import Synchronization

/// Publishes API events to Kafka without ever blocking the request: librdkafka queues them and its
/// idempotent producer delivers them in zstd batches.
public final class KafkaEventPublisher: EventPublishing {
    private let producer: KafkaProducer
    private let topic: String
    private let logger: Logger
    private let rejected = Atomic<Int>(0)

    public init(producer: KafkaProducer, topic: String = Topics.apiRequests, logger: Logger) {
        self.producer = producer
        self.topic = topic
        self.logger = logger
    }

    public func publish(_ envelope: EventEnvelope) {
        let reason: String
        do {
            let result = try producer.send(
                topic: topic, key: Self.partitionKey(of: envelope), value: EventCodec.encode(envelope))
            guard result == .queueFull else { return }
            reason = "producer queue full"
        } catch {
            reason = "\(error)"
        }
        // The on-disk spool for these cases is tracked separately; until then the loss is counted and loud.
        rejected.add(1, ordering: .relaxed)
        logger.error("event not enqueued", metadata: ["type": "\(envelope.type)", "reason": "\(reason)"])
    }

    /// Events librdkafka refused (queue full, producer closed).
    public var rejectedCount: Int { rejected.load(ordering: .relaxed) }

    /// Events of one API key share a partition (per-key order); unauthenticated ones spread by event id.
    static func partitionKey(of envelope: EventEnvelope) -> [UInt8] {
        if case .apiRequest(let request) = envelope.payload, let key = request.apiKeyID { return key.byteArray }
        return envelope.id.byteArray
    }
}
