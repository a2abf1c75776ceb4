import Logging
import MataresitKafka
import Testing

@Suite("Group consumer on the embedded cluster")
struct GroupConsumerTests {
    /// The mock answers a first JoinGroup after 3 s and later rebalances after session.timeout.ms - 1 s;
    /// the session must outlast the first wait (members send no heartbeat while they wait).
    static let groupProperties = [
        "session.timeout.ms": "4000",
        "heartbeat.interval.ms": "100",
        "max.poll.interval.ms": "10000",
        "fetch.wait.max.ms": "50"
    ]

    static func handler(_ name: String, _ log: RebalanceLog, start: StartPosition) -> KafkaRebalanceHandler {
        KafkaRebalanceHandler(
            assigned: { partitions in
                log.append("assigned \(name) \(partitions.count)")
                return Dictionary(uniqueKeysWithValues: partitions.map { ($0, start) })
            },
            revoked: { partitions in
                log.append("revoked \(name) \(partitions.count)")
            }
        )
    }

    @Test("assigned positions are honoured; a second member triggers revocation")
    func assignmentAndRebalance() async throws {
        let logger = KafkaTestSupport.logger("group")
        let cluster = try EmbeddedKafkaCluster(logger: logger)
        let topic = KafkaTestSupport.uniqueTopic("group")
        try cluster.createTopic(topic, partitions: 4)
        let producer = try KafkaProducer(configuration: cluster.configuration(), logger: logger)
        try await KafkaTestSupport.sendAll(
            producer, topic: topic, (0..<80).map { (key: nil, value: "m\($0)".bytes, partition: Int32($0 % 4)) })
        #expect(await producer.flush(timeout: .seconds(10)) == 0)

        let log = RebalanceLog()
        let configuration = cluster.configuration(properties: Self.groupProperties)
        let first = try KafkaConsumer(
            configuration: configuration, groupID: "g-\(topic)", topics: [topic],
            rebalance: Self.handler("A", log, start: .offset(5)), logger: logger
        )
        let received = try await KafkaTestSupport.consume(first, count: 60, timeout: .seconds(20))
        #expect(received.count == 60)
        #expect(log.count(prefix: "assigned A") == 1)
        for partition in Int32(0)..<4 {
            #expect(
                received.filter { $0.partition == partition }.map(\.offset) == Array(5..<20), "partition \(partition)")
        }
        #expect(first.assignment.count == 4)

        let second = try KafkaConsumer(
            configuration: configuration, groupID: "g-\(topic)", topics: [topic],
            rebalance: Self.handler("B", log, start: .end), logger: logger
        )
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline, first.assignment.isEmpty || second.assignment.isEmpty {
            async let fromFirst = first.poll(maxMessages: 100, maxWait: .milliseconds(200))
            async let fromSecond = second.poll(maxMessages: 100, maxWait: .milliseconds(200))
            let (a, b) = try await (fromFirst, fromSecond)
            #expect(a.allSatisfy { $0.offset >= 5 })
            #expect(b.isEmpty)  // B starts at the end and nothing new is produced
        }
        #expect(log.count(prefix: "revoked A") >= 1)
        #expect(first.assignment.count + second.assignment.count == 4)
        #expect(first.assignment.isDisjoint(with: second.assignment))
        await first.close()
        await second.close()
        await producer.shutdown(flushTimeout: .seconds(1))
    }

    @Test("a failing assigned handler surfaces from poll after retries")
    func failingHandlerSurfaces() async throws {
        struct Unavailable: Error {}
        let logger = KafkaTestSupport.logger("group-failure")
        let cluster = try EmbeddedKafkaCluster(logger: logger)
        let topic = KafkaTestSupport.uniqueTopic("failing")
        try cluster.createTopic(topic, partitions: 2)
        let log = RebalanceLog()
        let consumer = try KafkaConsumer(
            configuration: cluster.configuration(properties: Self.groupProperties),
            groupID: "g-\(topic)", topics: [topic],
            rebalance: KafkaRebalanceHandler(assigned: { _ in
                log.append("attempt"); throw Unavailable()
            }),
            logger: logger
        )
        var failure: KafkaError?
        let deadline = ContinuousClock.now + .seconds(20)
        while failure == nil, ContinuousClock.now < deadline {
            do {
                _ = try await consumer.poll(maxMessages: 10, maxWait: .milliseconds(200))
            } catch let error as KafkaError {
                failure = error
            }
        }
        #expect(failure?.code == .rebalanceHandlerFailed)
        #expect(log.count(prefix: "attempt") == 4)
        #expect(consumer.assignment.isEmpty)
        await consumer.close()
    }
}
