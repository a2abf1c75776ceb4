import Logging
import MataresitCore
import MataresitKafka

/// Publishes the maintenance job's events from a worker or the CLI, which have no spool: what the producer
/// refuses is logged and dropped, which loses nothing of record, because the job writes its audit rows in its own
/// transaction and the events only tell the rest of the pipeline.
public struct DirectKafkaPublisher: EventPublishing {
    let producer: KafkaProducer
    let logger: Logger

    public init(producer: KafkaProducer, logger: Logger) {
        self.producer = producer
        self.logger = logger
    }

    public func publish(_ envelope: EventEnvelope) {
        let topic = Topics.topic(for: envelope.payload)
        do {
            let result = try producer.send(topic: topic, key: envelope.id.byteArray, value: EventCodec.encode(envelope))
            if result == .queueFull { logger.warning("maintenance event dropped: producer queue full") }
        } catch {
            logger.warning("maintenance event dropped", metadata: ["error": "\(error)"])
        }
    }
}
