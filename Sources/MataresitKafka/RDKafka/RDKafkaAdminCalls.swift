import CRDKafka

/// librdkafka's blocking admin and metadata calls; run on the admin client's thread.
enum RDKafkaAdminCalls {
    /// A topic to create: name, partitions, topic configuration.
    typealias NewTopic = (name: String, partitions: Int32, config: [String: String])

    /// CreateTopics with the broker's default replication factor; an existing topic is fine.
    static func createTopics(_ client: RDKafkaClient, _ topics: [NewTopic], timeout: Duration) throws(KafkaError) {
        var handles: [OpaquePointer?] = []
        defer { rd_kafka_NewTopic_destroy_array(&handles, handles.count) }
        for topic in topics {
            handles.append(try newTopic(topic))
        }
        let options = rd_kafka_AdminOptions_new(client.raw, RD_KAFKA_ADMIN_OP_CREATETOPICS)
        defer { rd_kafka_AdminOptions_destroy(options) }
        var errstr = [CChar](repeating: 0, count: 512)
        _ = rd_kafka_AdminOptions_set_request_timeout(options, timeout.milliseconds, &errstr, errstr.count)
        _ = rd_kafka_AdminOptions_set_operation_timeout(options, timeout.milliseconds, &errstr, errstr.count)
        let queue = rd_kafka_queue_new(client.raw)
        defer { rd_kafka_queue_destroy(queue) }
        rd_kafka_CreateTopics(client.raw, &handles, handles.count, options, queue)
        guard let event = rd_kafka_queue_poll(queue, timeout.milliseconds + 1000) else {
            throw KafkaError(code: .timedOut, operation: "create topics")
        }
        defer { rd_kafka_event_destroy(event) }
        try check(event, operation: "create topics")
        var count = 0
        let results = rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(event), &count)
        for index in 0..<count {
            let result = results?[index]
            let error = rd_kafka_topic_result_error(result)
            guard error == RD_KAFKA_RESP_ERR_NO_ERROR || error == RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS else {
                let name = String(cString: rd_kafka_topic_result_name(result))
                throw KafkaError(
                    error, operation: "create topic \(name)",
                    reason: rd_kafka_topic_result_error_string(result).map { String(cString: $0) })
            }
        }
    }

    private static func newTopic(_ topic: NewTopic) throws(KafkaError) -> OpaquePointer {
        var errstr = [CChar](repeating: 0, count: 512)
        guard let handle = rd_kafka_NewTopic_new(topic.name, topic.partitions, -1, &errstr, errstr.count) else {
            throw KafkaError(
                code: .invalidArgument, operation: "create topic \(topic.name)", reason: String(errorBuffer: errstr))
        }
        for (key, value) in topic.config {
            let error = rd_kafka_NewTopic_set_config(handle, key, value)
            guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
                rd_kafka_NewTopic_destroy(handle)
                throw KafkaError(code: .configuration, operation: "set topic config \(key)", isRetriable: false)
            }
        }
        return handle
    }

    private static func check(_ event: OpaquePointer, operation: String) throws(KafkaError) {
        let error = rd_kafka_event_error(event)
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(
                error, operation: operation, reason: rd_kafka_event_error_string(event).map { String(cString: $0) })
        }
    }
}
