import CRDKafka
import Logging
import Synchronization

/// Counts a producer's messages and hands failed deliveries to the caller; fed by the
/// delivery-report callback on the producer's poll thread.
final class DeliveryTracker: Sendable {
    let enqueued = Atomic<Int>(0)
    let delivered = Atomic<Int>(0)
    let failed = Atomic<Int>(0)
    private let onFailure: @Sendable (KafkaDeliveryFailure) -> Void
    private let logger: Logger

    init(logger: Logger, onFailure: @escaping @Sendable (KafkaDeliveryFailure) -> Void) {
        self.logger = logger
        self.onFailure = onFailure
    }

    /// Undelivered = enqueued - delivered - failed.
    var undelivered: Int {
        enqueued.load(ordering: .relaxed) - delivered.load(ordering: .relaxed) - failed.load(ordering: .relaxed)
    }

    func report(_ message: rd_kafka_message_t) {
        guard message.err != RD_KAFKA_RESP_ERR_NO_ERROR else {
            delivered.add(1, ordering: .relaxed)
            return
        }
        let failure = KafkaDeliveryFailure(
            topic: message.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? "",
            partition: message.partition,
            key: message.key.map { [UInt8](UnsafeRawBufferPointer(start: $0, count: message.key_len)) },
            value: message.payload.map { [UInt8](UnsafeRawBufferPointer(start: $0, count: message.len)) } ?? [],
            error: KafkaError(message.err, operation: "deliver message")
        )
        failed.add(1, ordering: .relaxed)
        logger.debug(
            "delivery failed", metadata: ["kafka.topic": "\(failure.topic)", "kafka.error": "\(failure.error.code)"])
        onFailure(failure)
    }
}
