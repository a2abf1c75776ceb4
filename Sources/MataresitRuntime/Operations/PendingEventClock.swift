import Foundation
import Logging
import MataresitKafka
import Synchronization

/// When the oldest event a stage has not applied yet was produced: the timestamp of the message at the stage's next
/// offset, read from Kafka with one short-lived consumer for all lagging partitions at once. Stages sharing a
/// partition at different offsets are served by reading forward from the smallest one, within the time-out.
///
/// Health checks, scrapes and freshness ask every second; a consumer is made at most every `refresh` (5 s). In
/// between, an offset not read yet is answered with the newest earlier offset read on its partition: an event at
/// or before it, so the lag shown is at most that much too old, never too young.
final class PendingEventClock: Sendable {
    let kafka: KafkaConfiguration
    let logger: Logger
    let refresh: Duration
    private let read = Mutex<(at: ContinuousClock.Instant, times: [TopicPartition: [Int64: Date]])?>(nil)

    init(kafka: KafkaConfiguration, logger: Logger, refresh: Duration = .seconds(5)) {
        self.kafka = kafka
        self.logger = logger
        self.refresh = refresh
    }

    /// The produce time of the message at (or, between reads, before) each wanted offset.
    func timestamps(at wanted: [TopicPartition: Set<Int64>]) async -> [TopicPartition: [Int64: Date]] {
        if let last = read.withLock({ $0 }), ContinuousClock.now - last.at < refresh {
            return Self.answer(wanted, from: last.times)
        }
        let times = await fetch(wanted, timeout: .seconds(1))
        read.withLock { $0 = (ContinuousClock.now, times) }
        return times
    }

    static func answer(_ wanted: [TopicPartition: Set<Int64>], from times: [TopicPartition: [Int64: Date]])
        -> [TopicPartition: [Int64: Date]]
    {
        var answer: [TopicPartition: [Int64: Date]] = [:]
        for (partition, offsets) in wanted {
            guard let known = times[partition] else { continue }
            for offset in offsets {
                if let earlier = known.keys.filter({ $0 <= offset }).max() {
                    answer[partition, default: [:]][offset] = known[earlier]
                }
            }
        }
        return answer
    }

    private func fetch(_ wanted: [TopicPartition: Set<Int64>], timeout: Duration) async -> [TopicPartition: [Int64:
        Date]]
    {
        let starts = wanted.compactMapValues { $0.min() }
        guard !starts.isEmpty else { return [:] }
        var configuration = kafka
        configuration.clientID += "-lag"
        guard
            let consumer = try? KafkaConsumer(
                configuration: configuration, assignment: starts.mapValues { .offset($0) }, logger: logger)
        else { return [:] }
        var found: [TopicPartition: [Int64: Date]] = [:]
        let total = wanted.values.reduce(0) { $0 + $1.count }
        let deadline = ContinuousClock.now + timeout
        while found.values.reduce(0, { $0 + $1.count }) < total && ContinuousClock.now < deadline {
            for message in (try? await consumer.poll(maxMessages: 500, maxWait: .milliseconds(100))) ?? [] {
                guard wanted[message.topicPartition]?.contains(message.offset) == true,
                    let milliseconds = message.timestampMs
                else { continue }
                found[message.topicPartition, default: [:]][message.offset] = Date(
                    timeIntervalSince1970: Double(milliseconds) / 1000)
            }
        }
        await consumer.close()
        return found
    }
}
