import CRDKafka

extension RebalanceCoordinator {
    /// The body of librdkafka's rebalance callback (eager protocol).
    func rebalance(
        _ rk: OpaquePointer, event: rd_kafka_resp_err_t,
        partitions: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?
    ) {
        let topicPartitions = partitions.map(RDKafkaTopicPartitionList.topicPartitions(of:)) ?? []
        switch event {
        case RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS:
            assign(rk, topicPartitions, partitions)
        case RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS:
            revoke(topicPartitions)
            unassign(rk)
        default:
            logger.error("rebalance failed", metadata: ["kafka.error": "\(KafkaError.Code(event))"])
            unassign(rk)
        }
    }

    private func assign(
        _ rk: OpaquePointer, _ topicPartitions: [TopicPartition],
        _ list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?
    ) {
        guard let list, let positions = startPositions(for: topicPartitions) else {
            logger.error(
                "assigning no partition: the rebalance handler failed",
                metadata: ["partitions": "\(topicPartitions.count)"])
            unassign(rk)
            return
        }
        RDKafkaTopicPartitionList.setOffsets(of: list) { positions[$0] ?? .beginning }
        let error = rd_kafka_assign(rk, list)
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
            fail(KafkaError(error, operation: "assign partitions"))
            return
        }
        assigned(Set(topicPartitions))
        logger.info("partitions assigned", metadata: ["partitions": "\(topicPartitions.map(\.description).sorted())"])
    }

    private func unassign(_ rk: OpaquePointer) {
        let error = rd_kafka_assign(rk, nil)
        if error != RD_KAFKA_RESP_ERR_NO_ERROR {
            logger.warning("unassign failed", metadata: ["kafka.error": "\(KafkaError.Code(error))"])
        }
        didRevoke()
    }
}
