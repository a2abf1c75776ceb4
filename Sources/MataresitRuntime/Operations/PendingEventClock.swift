import Foundation
import Logging
import MataresitKafka

/// When the oldest event a stage has not applied yet was produced: the timestamp of the message at the stage's next
/// offset, read from Kafka with one short-lived consumer for all lagging partitions at once. Stages sharing a
/// partition at different offsets are served by reading forward from the smallest one, within the time-out.
struct PendingEventClock: Sendable {
    let kafka: KafkaConfiguration
    let logger: Logger

    /// The produce time of the message at each wanted offset, for those read within `timeout`.
    func timestamps(at wanted: [TopicPartition: Set<Int64>], timeout: Duration = .seconds(1)) async
        -> [TopicPartition: [Int64: Date]]
    {
        let starts = wanted.compactMapValues { $0.min() }
        guard !starts.isEmpty else { return [:] }
        var configuration = kafka
        configuration.clientID += "-lag"
        guard let consumer = try? KafkaConsumer(
            configuration: configuration, assignment: starts.mapValues { .offset($0) }, logger: logger)
        else { return [:] }
        var found: [TopicPartition: [Int64: Date]] = [:]
        let total = wanted.values.reduce(0) { $0 + $1.count }
        let deadline = ContinuousClock.now + timeout
        while found.values.reduce(0, { $0 + $1.count }) < total && ContinuousClock.now < deadline {
            for message in (try? await consumer.poll(maxMessages: 500, maxWait: .milliseconds(100))) ?? [] {
                guard wanted[message.topicPartition]?.contains(message.offset) == true, let milliseconds = message.timestampMs
                else { continue }
                found[message.topicPartition, default: [:]][message.offset] = Date(timeIntervalSince1970: Double(milliseconds) / 1000)
            }
        }
        await consumer.close()
        return found
    }
}
