import Logging
import MataresitKafka
import Testing

@Suite("Producer with the only broker down")
struct BrokerDownTests {
    @Test("send still enqueues; delivery completes once the broker is back")
    func sendWhileBrokerDown() async throws {
        let logger = KafkaTestSupport.logger("broker-down")
        let cluster = try EmbeddedKafkaCluster(brokers: 1, logger: logger)
        let topic = KafkaTestSupport.uniqueTopic("down")
        try cluster.createTopic(topic, partitions: 1)
        let producer = try KafkaProducer(
            configuration: cluster.configuration(properties: KafkaTestSupport.producerProperties),
            logger: logger
        )
        #expect(try producer.send(topic: topic, key: nil, value: "before".bytes) == .enqueued)
        #expect(await producer.flush(timeout: .seconds(10)) == 0)

        cluster.setBrokerDown(1, true)
        #expect(try producer.send(topic: topic, key: "k".bytes, value: "during".bytes) == .enqueued)
        #expect(await producer.flush(timeout: .milliseconds(300)) > 0)
        #expect(producer.statistics.delivered == 1)

        cluster.setBrokerDown(1, false)
        #expect(await producer.flush(timeout: .seconds(20)) == 0)
        #expect(producer.statistics.delivered == 2)
        #expect(producer.statistics.failed == 0)
        await producer.shutdown(flushTimeout: .seconds(1))
    }
}
