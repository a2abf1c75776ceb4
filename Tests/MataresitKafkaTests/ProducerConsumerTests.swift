import Logging
import Testing

@testable import MataresitKafka

@Suite("Producer and manual-assignment consumer on the embedded cluster")
struct ProducerConsumerTests {
    @Test("2000 keyed messages arrive intact and in order per partition")
    func produceAndConsumeKeyedMessages() async throws {
        let logger = KafkaTestSupport.logger("produce-consume")
        let cluster = try EmbeddedKafkaCluster(logger: logger)
        let topic = KafkaTestSupport.uniqueTopic("keyed")
        try cluster.createTopic(topic, partitions: 4)
        let producer = try KafkaProducer(configuration: cluster.configuration(), logger: logger)
        let total = 2000
        let messages = (0..<total).map { index in
            (key: Optional("key-\(index % 50)".bytes), value: "\(index % 50):\(index)".bytes, partition: Int32?.none)
        }
        try await KafkaTestSupport.sendAll(producer, topic: topic, messages)
        #expect(await producer.flush(timeout: .seconds(10)) == 0)
        #expect(producer.statistics.delivered == total)
        #expect(producer.statistics.failed == 0)

        let partitions = (0..<4).map { TopicPartition(topic: topic, partition: Int32($0)) }
        let consumer = try KafkaConsumer(
            configuration: cluster.configuration(),
            assignment: Dictionary(uniqueKeysWithValues: partitions.map { ($0, StartPosition.beginning) }),
            logger: logger
        )
        #expect(consumer.assignment == Set(partitions))
        let received = try await KafkaTestSupport.consume(consumer, count: total, timeout: .seconds(20))
        await consumer.close()
        await producer.shutdown(flushTimeout: .seconds(1))

        #expect(received.count == total)
        Self.expectConsecutiveOffsets(received)
        Self.expectPerKeyOrder(received, total: total)
    }

    static func expectConsecutiveOffsets(_ messages: [KafkaMessage]) {
        let byPartition = Dictionary(grouping: messages, by: \.partition)
        for (partition, list) in byPartition {
            #expect(list.map(\.offset) == Array(0..<Int64(list.count)), "partition \(partition)")
        }
    }

    static func expectPerKeyOrder(_ messages: [KafkaMessage], total: Int) {
        var lastIndexByKey: [String: Int] = [:]
        var seen = Set<Int>()
        for message in messages {
            let key = message.key?.string ?? ""
            let parts = message.value.string.split(separator: ":")
            #expect(key == "key-\(parts[0])")
            let index = Int(parts[1]) ?? -1
            #expect(index > lastIndexByKey[key, default: -1])
            lastIndexByKey[key] = index
            seen.insert(index)
            #expect(message.timestampMs != nil)
        }
        #expect(seen == Set(0..<total))
    }

    @Test("shutdown flushes everything")
    func shutdownFlushes() async throws {
        let logger = KafkaTestSupport.logger("shutdown")
        let cluster = try EmbeddedKafkaCluster(logger: logger)
        let topic = KafkaTestSupport.uniqueTopic("shutdown")
        try cluster.createTopic(topic, partitions: 2)
        let producer = try KafkaProducer(configuration: cluster.configuration(), logger: logger)
        let total = 1000
        try await KafkaTestSupport.sendAll(
            producer, topic: topic, (0..<total).map { (key: nil, value: "v\($0)".bytes, partition: Int32($0 % 2)) })
        await producer.shutdown(flushTimeout: .seconds(10))

        let statistics = producer.statistics
        #expect(statistics == KafkaProducerStatistics(enqueued: total, delivered: total, failed: 0, inFlight: 0))
        #expect(throws: KafkaError.self) { try producer.send(topic: topic, key: nil, value: [1]) }

        let admin = try KafkaAdmin(configuration: cluster.configuration(), logger: logger)
        let high0 = try await admin.watermarks(TopicPartition(topic: topic, partition: 0), timeout: .seconds(5)).high
        let high1 = try await admin.watermarks(TopicPartition(topic: topic, partition: 1), timeout: .seconds(5)).high
        #expect(high0 + high1 == Int64(total))
    }
}
