import CRDKafka

extension RDKafkaConsumerCalls {
    /// `rd_kafka_consume_batch_queue` until `maxMessages` or `deadline`; only for manual
    /// assignments (librdkafka 2.0.2 may return messages of a revoked assignment from this call).
    static func consumeBatchQueue(_ client: RDKafkaClient, maxMessages: Int, deadline: ContinuousClock.Instant)
        throws(KafkaError) -> [KafkaMessage]
    {
        guard let queue = rd_kafka_queue_get_consumer(client.raw) else { return [] }
        defer { rd_kafka_queue_destroy(queue) }
        var batch: [KafkaMessage] = []
        batch.reserveCapacity(min(maxMessages, 4096))
        var buffer = [UnsafeMutablePointer<rd_kafka_message_t>?](repeating: nil, count: min(maxMessages, 10_000))
        var names = TopicNameCache()
        var pending: KafkaError?
        while batch.count < maxMessages, pending == nil {
            let timeout = min(Int32(100), (deadline - .now).milliseconds)
            let count = rd_kafka_consume_batch_queue(
                queue, Int32(timeout), &buffer, min(buffer.count, maxMessages - batch.count))
            for message in buffer.prefix(max(0, count)).compactMap({ $0 }) {
                defer { rd_kafka_message_destroy(message) }
                do throws(KafkaError) {
                    if let error = try check(message.pointee, client) {
                        client.context.logger.debug("consumer event", metadata: ["kafka.error": "\(error.code)"])
                    } else {
                        batch.append(copy(message, names: &names))
                    }
                } catch {
                    pending = error
                }
            }
            if timeout <= 0 { break }
        }
        if let pending { throw pending }
        return batch
    }
}
