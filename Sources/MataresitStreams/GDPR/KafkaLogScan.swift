import Logging
import MataresitKafka

/// Reads every retained message of some topics, from each partition's low to its high watermark (no group,
/// manual assignment), and hands each to a `ResidueTally`. Bounded: gives up on a partition that makes no
/// progress for `idleTimeout`, and says so as a finding rather than passing silently.
public struct KafkaLogScan: Sendable {
    let kafka: KafkaConfiguration
    let topics: [String]
    let idleTimeout: Duration
    let logger: Logger

    public init(kafka: KafkaConfiguration, topics: [String], idleTimeout: Duration = .seconds(20), logger: Logger) {
        self.kafka = kafka
        self.topics = topics
        self.idleTimeout = idleTimeout
        self.logger = logger
    }

    public func scan(into tally: ResidueTally) async throws {
        let ends = try await retainedRanges()
        guard !ends.isEmpty else { return }
        let consumer = try KafkaConsumer(
            configuration: kafka, assignment: Dictionary(uniqueKeysWithValues: ends.keys.map { ($0, .beginning) }),
            logger: logger)
        var remaining = ends
        var lastProgress = ContinuousClock.now
        while !remaining.isEmpty, ContinuousClock.now - lastProgress < idleTimeout {
            let messages = try await consumer.poll(maxMessages: 5000, maxWait: .milliseconds(200))
            if !messages.isEmpty { lastProgress = .now }
            for message in messages {
                tally.inspect(message.value, at: "\(message.topicPartition)@\(message.offset)")
                if let end = remaining[message.topicPartition], message.offset >= end - 1 {
                    remaining[message.topicPartition] = nil
                }
            }
        }
        await consumer.close()
        for partition in remaining.keys.sorted(by: { $0.description < $1.description }) {
            tally.record("kafka \(partition): could not be read to its end within \(idleTimeout)")
        }
    }

    /// High watermark of every partition that holds messages.
    func retainedRanges() async throws -> [TopicPartition: Int64] {
        let admin = try KafkaAdmin(configuration: kafka, logger: logger)
        var ends: [TopicPartition: Int64] = [:]
        for topic in topics {
            let count = try await admin.partitionCount(topic: topic, timeout: .seconds(10)) ?? 0
            for partition in 0..<count {
                let topicPartition = TopicPartition(topic: topic, partition: partition)
                let (low, high) = try await admin.watermarks(topicPartition, timeout: .seconds(10))
                if high > low { ends[topicPartition] = high }
            }
        }
        return ends
    }
}
