import CRDKafka

/// librdkafka's consumer calls.
enum RDKafkaConsumerCalls {
    /// Defaults of every consumer, before the user's: offsets belong to the caller.
    static let defaults: [(String, String)] = [
        ("enable.auto.commit", "false"),
        ("enable.auto.offset.store", "false"),
        ("auto.offset.reset", "earliest"),
        ("partition.assignment.strategy", "range,roundrobin")
    ]

    /// Routes the main queue (rebalance events, errors) to the consumer queue, so that
    /// `rd_kafka_consumer_poll` on the consumer thread serves the rebalance callback.
    static func redirectMainQueue(_ client: RDKafkaClient) throws(KafkaError) {
        let error = rd_kafka_poll_set_consumer(client.raw)
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(error, operation: "poll_set_consumer") }
    }

    static func subscribe(_ client: RDKafkaClient, topics: [String]) throws(KafkaError) {
        let list = RDKafkaTopicPartitionList(subscribing: topics)
        let error = rd_kafka_subscribe(client.raw, list.pointer)
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(error, operation: "subscribe") }
    }

    static func assign(_ client: RDKafkaClient, _ positions: [TopicPartition: StartPosition]) throws(KafkaError) {
        let list = RDKafkaTopicPartitionList(positions.map { ($0.key, $0.value.rdKafkaOffset) })
        let error = rd_kafka_assign(client.raw, list.pointer)
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(error, operation: "assign") }
    }

    static func close(_ client: RDKafkaClient) {
        _ = rd_kafka_consumer_close(client.raw)
    }
}
