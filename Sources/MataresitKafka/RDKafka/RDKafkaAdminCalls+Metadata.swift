import CRDKafka

extension RDKafkaAdminCalls {
    /// The topic's partition count from a metadata request, `nil` when the topic does not exist.
    static func partitionCount(_ client: RDKafkaClient, topic: String, timeout: Duration) throws(KafkaError) -> Int32? {
        guard let topicHandle = rd_kafka_topic_new(client.raw, topic, nil) else {
            throw KafkaError(code: .invalidArgument, operation: "metadata for \(topic)")
        }
        defer { rd_kafka_topic_destroy(topicHandle) }
        var metadata: UnsafePointer<rd_kafka_metadata>?
        let error = rd_kafka_metadata(client.raw, 0, topicHandle, &metadata, timeout.milliseconds)
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR, let metadata else {
            throw KafkaError(error, operation: "metadata for \(topic)")
        }
        defer { rd_kafka_metadata_destroy(metadata) }
        let topics = UnsafeBufferPointer(start: metadata.pointee.topics, count: Int(metadata.pointee.topic_cnt))
        guard let entry = topics.first(where: { String(cString: $0.topic) == topic }) else { return nil }
        switch entry.err {
        case RD_KAFKA_RESP_ERR_NO_ERROR: return Int32(entry.partition_cnt)
        case RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART: return nil
        default: throw KafkaError(entry.err, operation: "metadata for \(topic)")
        }
    }

    /// Low and high watermark (next offset to be written) of one partition, asked of its leader.
    static func watermarks(_ client: RDKafkaClient, _ topicPartition: TopicPartition, timeout: Duration)
        throws(KafkaError) -> (low: Int64, high: Int64)
    {
        var low: Int64 = -1
        var high: Int64 = -1
        let error = rd_kafka_query_watermark_offsets(
            client.raw, topicPartition.topic, topicPartition.partition, &low, &high, timeout.milliseconds
        )
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(error, operation: "watermarks of \(topicPartition)")
        }
        return (low, high)
    }
}
