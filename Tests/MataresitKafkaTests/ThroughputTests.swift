import Logging
import MataresitKafka
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Orientation figures, not assertions: run with `MATARESIT_KAFKA_BENCH=1` (ideally `-c release`).
@Suite("Throughput on the embedded cluster", .enabled(if: getenv("MATARESIT_KAFKA_BENCH") != nil))
struct ThroughputTests {
    @Test("produce then consume N x 300 B over 8 partitions")
    func throughput() async throws {
        let count = Int(String(cString: getenv("MATARESIT_KAFKA_BENCH"))) ?? 300_000
        let logger = KafkaTestSupport.logger("bench")
        let cluster = try EmbeddedKafkaCluster(logger: logger)
        let topic = KafkaTestSupport.uniqueTopic("bench")
        try cluster.createTopic(topic, partitions: 8)
        let producer = try KafkaProducer(configuration: cluster.configuration(), logger: logger)
        let padding = [UInt8](repeating: UInt8(ascii: "x"), count: 280)
        let clock = ContinuousClock()
        let start = clock.now
        var queueFull = 0
        for index in 0..<count {
            let key = Array("k\(index % 1000)".utf8)
            let value = Array("\(index)|".utf8) + padding
            while try producer.send(topic: topic, key: key, value: value) == .queueFull {
                queueFull += 1
                try await Task.sleep(for: .milliseconds(1))
            }
        }
        let enqueued = clock.now - start
        let remaining = await producer.flush(timeout: .seconds(60))
        let delivered = clock.now - start
        print(
            "BENCH produce: \(count) msgs, enqueue \(rate(count, enqueued)) msg/s, delivered \(rate(count, delivered)) msg/s, queueFull \(queueFull), remaining \(remaining)"
        )

        let partitions = (0..<8).map { TopicPartition(topic: topic, partition: Int32($0)) }
        let consumer = try KafkaConsumer(
            configuration: cluster.configuration(),
            assignment: Dictionary(uniqueKeysWithValues: partitions.map { ($0, StartPosition.beginning) }),
            logger: logger
        )
        let consumeStart = clock.now
        var received = 0
        while received < count, clock.now - consumeStart < .seconds(60) {
            received += try await consumer.poll(maxMessages: 10_000, maxWait: .milliseconds(100)).count
        }
        let consumed = clock.now - consumeStart
        print(
            "BENCH consume: \(received) msgs, \(rate(received, consumed)) msg/s (first poll includes connect + fetch start)"
        )
        await consumer.close()
        await producer.shutdown(flushTimeout: .seconds(5))
    }

    private func rate(_ count: Int, _ duration: Duration) -> Int {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return Int(Double(count) / seconds)
    }
}
