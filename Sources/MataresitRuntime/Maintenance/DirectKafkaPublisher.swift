import Logging
import MataresitCore
import MataresitKafka
import Synchronization

/// Publishes events from a worker's maintenance job or a CLI command, which have no spool: what the producer
/// refuses is logged, counted and dropped. That loses nothing of record, because those callers write their audit
/// rows themselves; a caller for whom delivery is the point (an erasure request) checks ``undelivered``.
public final class DirectKafkaPublisher: EventPublishing {
    let producer: KafkaProducer
    let logger: Logger
    private let refused = Atomic<Int>(0)

    public init(producer: KafkaProducer, logger: Logger) {
        self.producer = producer
        self.logger = logger
    }

    /// Runs `body` with a publisher of its own, then waits up to `flushTimeout` for delivery; also returns how many
    /// events were refused or not delivered by then.
    public static func with<T>(
        _ configuration: KafkaConfiguration, flushTimeout: Duration, logger: Logger,
        _ body: (DirectKafkaPublisher) async throws -> T
    ) async throws -> (value: T, undelivered: Int) {
        let publisher = DirectKafkaPublisher(
            producer: try KafkaProducer(configuration: configuration, logger: logger), logger: logger)
        let outcome: Result<T, any Error>
        do { outcome = .success(try await body(publisher)) } catch { outcome = .failure(error) }
        let pending = await publisher.producer.flush(timeout: flushTimeout)
        await publisher.producer.shutdown(flushTimeout: .seconds(1))
        return (try outcome.get(), pending + publisher.refused.load(ordering: .relaxed))
    }

    public func publish(_ envelope: EventEnvelope) {
        let topic = Topics.topic(for: envelope.payload)
        do {
            let result = try producer.send(
                topic: topic, key: Topics.partitionKey(for: envelope), value: EventCodec.encode(envelope))
            guard result == .queueFull else { return }
            logger.warning("event dropped: producer queue full", metadata: ["type": "\(envelope.type)"])
        } catch {
            logger.warning("event dropped", metadata: ["type": "\(envelope.type)", "error": "\(error)"])
        }
        refused.add(1, ordering: .relaxed)
    }
}
