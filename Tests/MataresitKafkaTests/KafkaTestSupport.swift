import Foundation
import Logging
import MataresitKafka
import Synchronization

/// Helpers shared by the Kafka tests.
enum KafkaTestSupport {
    /// A quiet logger: librdkafka's connection errors in fault tests are expected.
    static func logger(_ label: String) -> Logger {
        var logger = Logger(label: label)
        logger.logLevel =
            Logger.Level(rawValue: ProcessInfo.processInfo.environment["KAFKA_TEST_LOG"] ?? "") ?? .critical
        return logger
    }

    static func uniqueTopic(_ prefix: String) -> String {
        "\(prefix)-\(UInt32.random(in: 0...UInt32.max))"
    }

    /// Producer settings for tests: reconnect quickly after a broker comes back.
    static let producerProperties = ["reconnect.backoff.ms": "10", "reconnect.backoff.max.ms": "200"]

    /// Polls until `count` messages arrived or `timeout` passed.
    static func consume(_ consumer: KafkaConsumer, count: Int, timeout: Duration) async throws -> [KafkaMessage] {
        var received: [KafkaMessage] = []
        let deadline = ContinuousClock.now + timeout
        while received.count < count, ContinuousClock.now < deadline {
            received += try await consumer.poll(maxMessages: count - received.count, maxWait: .milliseconds(200))
        }
        return received
    }

    /// Sends every message, retrying on `.queueFull` after a short sleep.
    static func sendAll(
        _ producer: KafkaProducer, topic: String, _ messages: [(key: [UInt8]?, value: [UInt8], partition: Int32?)]
    ) async throws {
        for message in messages {
            while try producer.send(topic: topic, partition: message.partition, key: message.key, value: message.value)
                == .queueFull
            {
                try await Task.sleep(for: .milliseconds(5))
            }
        }
    }
}

/// A thread-safe record of what rebalance handlers saw.
final class RebalanceLog: Sendable {
    private let entries = Mutex<[String]>([])

    func append(_ entry: String) {
        entries.withLock { $0.append(entry) }
    }

    var all: [String] { entries.withLock { $0 } }

    func count(prefix: String) -> Int {
        all.filter { $0.hasPrefix(prefix) }.count
    }
}

extension String {
    var bytes: [UInt8] { Array(utf8) }
}

extension Array where Element == UInt8 {
    var string: String { String(decoding: self, as: UTF8.self) }
}
