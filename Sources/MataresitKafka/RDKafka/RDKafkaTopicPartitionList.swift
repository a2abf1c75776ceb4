import CRDKafka

/// Owns an `rd_kafka_topic_partition_list_t` built from Swift values; frees it in `deinit`.
final class RDKafkaTopicPartitionList {
    let pointer: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>

    /// A list of `(topic, partition, offset)` entries.
    init(_ entries: [(TopicPartition, Int64)]) {
        pointer = rd_kafka_topic_partition_list_new(Int32(clamping: entries.count))
        for (topicPartition, offset) in entries {
            let element = rd_kafka_topic_partition_list_add(pointer, topicPartition.topic, topicPartition.partition)
            element?.pointee.offset = offset
        }
    }

    /// A subscription: every partition of each topic.
    convenience init(subscribing topics: [String]) {
        self.init(
            topics.map { (TopicPartition(topic: $0, partition: RD_KAFKA_PARTITION_UA), Int64(RD_KAFKA_OFFSET_INVALID)) }
        )
    }

    deinit {
        rd_kafka_topic_partition_list_destroy(pointer)
    }

    static func topicPartitions(of list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) -> [TopicPartition] {
        elements(of: list).map { TopicPartition(topic: String(cString: $0.topic), partition: $0.partition) }
    }

    static func setOffsets(
        of list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>, _ position: (TopicPartition) -> StartPosition
    ) {
        let elements = UnsafeMutableBufferPointer(start: list.pointee.elems, count: Int(list.pointee.cnt))
        for index in elements.indices {
            let topicPartition = TopicPartition(
                topic: String(cString: elements[index].topic), partition: elements[index].partition)
            elements[index].offset = position(topicPartition).rdKafkaOffset
        }
    }

    private static func elements(of list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>)
        -> UnsafeMutableBufferPointer<rd_kafka_topic_partition_t>
    {
        UnsafeMutableBufferPointer(start: list.pointee.elems, count: Int(list.pointee.cnt))
    }
}

extension StartPosition {
    /// librdkafka's offset value: the offset itself or a logical `RD_KAFKA_OFFSET_*` constant.
    var rdKafkaOffset: Int64 {
        switch self {
        case .offset(let offset): offset
        case .beginning: Int64(RD_KAFKA_OFFSET_BEGINNING)
        case .end: Int64(RD_KAFKA_OFFSET_END)
        }
    }
}
