import Logging
import MataresitKafka
import Testing

@Suite("Admin operations on the embedded cluster")
struct AdminTests {
    @Test("watermarks and partition count")
    func watermarksAndPartitionCount() async throws {
        let logger = KafkaTestSupport.logger("admin")
        let cluster = try EmbeddedKafkaCluster(logger: logger)
        let topic = KafkaTestSupport.uniqueTopic("admin")
        try cluster.createTopic(topic, partitions: 3)
        try cluster.createTopic(topic, partitions: 3)  // idempotent
        let admin = try KafkaAdmin(configuration: cluster.configuration(), logger: logger)
        #expect(try await admin.partitionCount(topic: topic, timeout: .seconds(5)) == 3)
        // A missing topic reads as nil only on brokers that honour allow.auto.create.topics=false
        // (Metadata v4+); librdkafka 2.0.2's mock auto-creates it with 4 partitions instead.

        let producer = try KafkaProducer(configuration: cluster.configuration(), logger: logger)
        try await KafkaTestSupport.sendAll(
            producer, topic: topic, (0..<10).map { (key: nil, value: [UInt8($0)], partition: 1) })
        await producer.shutdown(flushTimeout: .seconds(10))

        let partition1 = try await admin.watermarks(TopicPartition(topic: topic, partition: 1), timeout: .seconds(5))
        #expect(partition1.low == 0 && partition1.high == 10)
        let partition0 = try await admin.watermarks(TopicPartition(topic: topic, partition: 0), timeout: .seconds(5))
        #expect(partition0.low == 0 && partition0.high == 0)
    }

    @Test("createTopics is not served by the 2.0.2 mock: it fails, retriable, instead of hanging")
    func createTopicsOnMockFails() async throws {
        let logger = KafkaTestSupport.logger("admin-create")
        let cluster = try EmbeddedKafkaCluster(logger: logger)
        let admin = try KafkaAdmin(configuration: cluster.configuration(), logger: logger)
        let topic = KafkaTestSupport.uniqueTopic("created")
        await #expect(throws: KafkaError.self) {
            try await admin.createTopics([(name: topic, partitions: 2, config: [:])], timeout: .milliseconds(500))
        }
        try await admin.createTopics([], timeout: .milliseconds(500))  // nothing to do, no request
    }
}
