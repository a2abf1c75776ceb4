import Foundation
import Logging
import MataresitCore
import MataresitKafka
import MataresitStore

/// A dead letter as read back from the dead-letter topic.
public struct StoredDeadLetter: Sendable {
    public let position: DeadLetterPosition
    public let letter: DeadLetter

    /// The original's event type when it decodes (`api.request`, a newer type's name), else nil. Never its payload.
    public var originalType: String? { (try? EventCodec.decode(letter.original))?.type }

    /// Where the original came from: what identifies "the same dead event" across duplicate letters.
    var source: String { "\(letter.sourceTopic)/\(letter.sourcePartition)/\(letter.sourceOffset)" }
}

/// Reads the dead-letter topic from its oldest kept message to its end (no consumer group, nothing committed).
public struct DeadLetterQueue: Sendable {
    let configuration: KafkaConfiguration
    let logger: Logger
    public var topic = Topics.deadLetters

    public init(configuration: KafkaConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// Every letter on the topic, oldest first per partition; duplicates of one stage and source position
    /// (a batch replayed after a crash sends its letters again) collapse into the first.
    public func letters(timeout: Duration = .seconds(15)) async throws -> [StoredDeadLetter] {
        let admin = try KafkaAdmin(configuration: configuration, logger: logger)
        let partitions = try await admin.partitionCount(topic: topic, timeout: timeout) ?? 0
        var ends: [TopicPartition: Int64] = [:], starts: [TopicPartition: StartPosition] = [:]
        for number in 0..<partitions {
            let partition = TopicPartition(topic: topic, partition: number)
            let (low, high) = try await admin.watermarks(partition, timeout: timeout)
            guard high > low else { continue }
            ends[partition] = high
            starts[partition] = .offset(low)
        }
        guard !starts.isEmpty else { return [] }
        let messages = try await read(starts: starts, ends: ends, timeout: timeout)
        return Self.collapsed(messages.compactMap(Self.letter(in:)))
    }

    private func read(starts: [TopicPartition: StartPosition], ends: [TopicPartition: Int64], timeout: Duration)
        async throws -> [KafkaMessage]
    {
        let consumer = try KafkaConsumer(configuration: configuration, assignment: starts, logger: logger)
        var remaining = ends, messages: [KafkaMessage] = []
        let deadline = ContinuousClock.now + timeout
        while !remaining.isEmpty {
            guard ContinuousClock.now < deadline else {
                await consumer.close()
                throw DeadLetterQueueError.timedOut(partitions: remaining.keys.map(\.description).sorted())
            }
            for message in try await consumer.poll(maxMessages: 1000, maxWait: .milliseconds(200)) {
                guard let end = remaining[message.topicPartition], message.offset < end else { continue }
                messages.append(message)
                if message.offset + 1 >= end { remaining[message.topicPartition] = nil }
            }
        }
        await consumer.close()
        return messages
    }

    static func letter(in message: KafkaMessage) -> StoredDeadLetter? {
        guard case .deadLetter(let letter)? = try? EventCodec.decode(message.value).payload else { return nil }
        let position = DeadLetterPosition(topic: message.topic, partition: message.partition, offset: message.offset)
        return StoredDeadLetter(position: position, letter: letter)
    }

    static func collapsed(_ letters: [StoredDeadLetter]) -> [StoredDeadLetter] {
        var seen: Set<String> = []
        return letters.filter { seen.insert("\($0.letter.stage) \($0.source)").inserted }
    }
}

public enum DeadLetterQueueError: Error, CustomStringConvertible {
    case timedOut(partitions: [String])
    case notDelivered(count: Int)
    case noSuchLetter(offset: Int64)

    public var description: String {
        switch self {
        case .timedOut(let partitions):
            return "timed out reading the dead-letter topic (\(partitions.joined(separator: ", ")))"
        case .notDelivered(let count): return "\(count) messages were not acknowledged by the broker; nothing recorded"
        case .noSuchLetter(let offset): return "no dead letter at offset \(offset) (see `mataresit dlq list`)"
        }
    }
}
