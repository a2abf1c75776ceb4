import CRDKafka
import Logging

extension RDKafkaConsumerCalls {
    /// Collects up to `maxMessages` until `deadline`, on the consumer thread.
    ///
    /// Group consumers use repeated `rd_kafka_consumer_poll`: a revocation during the batch drops
    /// what was collected before it (those partitions may be reassigned from another position, and
    /// no message may come from a position the caller did not choose). Manually assigned consumers
    /// never rebalance and use the faster `rd_kafka_consume_batch_queue`.
    static func pollBatch(_ client: RDKafkaClient, maxMessages: Int, deadline: ContinuousClock.Instant)
        throws(KafkaError) -> [KafkaMessage]
    {
        guard let coordinator = client.context.rebalance else { return [] }
        if !coordinator.rebalances {
            return try consumeBatchQueue(client, maxMessages: maxMessages, deadline: deadline)
        }
        var batch: [KafkaMessage] = []
        batch.reserveCapacity(min(maxMessages, 4096))
        var revocations = coordinator.revocations
        var names = TopicNameCache()
        while batch.count < maxMessages {
            if let failure = coordinator.failure { throw failure }
            let timeout = min(Int32(100), (deadline - .now).milliseconds)
            let message = rd_kafka_consumer_poll(client.raw, timeout)
            if coordinator.revocations != revocations {
                revocations = coordinator.revocations
                batch.removeAll(keepingCapacity: true)
            }
            if let message {
                defer { rd_kafka_message_destroy(message) }
                if let error = try check(message.pointee, client) {
                    client.context.logger.debug("consumer event", metadata: ["kafka.error": "\(error.code)"])
                } else {
                    batch.append(copy(message, names: &names))
                }
            }
            if timeout <= 0 { break }
        }
        if let failure = coordinator.failure { throw failure }
        return batch
    }

    /// `nil` for a message; a non-fatal error event; throws a fatal one.
    static func check(_ message: rd_kafka_message_t, _ client: RDKafkaClient) throws(KafkaError) -> KafkaError? {
        guard message.err != RD_KAFKA_RESP_ERR_NO_ERROR else { return nil }
        if message.err == RD_KAFKA_RESP_ERR__FATAL, let fatal = client.fatalError(operation: "consume") { throw fatal }
        let error = KafkaError(
            message.err, operation: "consume", reason: String(cString: rd_kafka_err2str(message.err)))
        if message.err == RD_KAFKA_RESP_ERR__FATAL { throw error }
        return error
    }

    /// Copies key and value out; takes the pointer librdkafka returned (the timestamp lives behind it).
    static func copy(_ pointer: UnsafeMutablePointer<rd_kafka_message_t>, names: inout TopicNameCache) -> KafkaMessage {
        var timestampType = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
        let timestamp = rd_kafka_message_timestamp(pointer, &timestampType)
        let message = pointer.pointee
        return KafkaMessage(
            topic: names.name(of: message.rkt),
            partition: message.partition,
            offset: message.offset,
            key: message.key.map { [UInt8](UnsafeRawBufferPointer(start: $0, count: message.key_len)) },
            value: message.payload.map { [UInt8](UnsafeRawBufferPointer(start: $0, count: message.len)) } ?? [],
            timestampMs: timestampType == RD_KAFKA_TIMESTAMP_NOT_AVAILABLE ? nil : timestamp
        )
    }
}

/// Remembers the last topic handle's name, so a batch builds each topic `String` once.
struct TopicNameCache {
    private var handle: OpaquePointer?
    private var cached = ""

    mutating func name(of topic: OpaquePointer?) -> String {
        guard let topic else { return "" }
        if topic != handle {
            handle = topic
            cached = String(cString: rd_kafka_topic_name(topic))
        }
        return cached
    }
}
