import Foundation
import Logging
import MataresitCore
import MataresitKafka
import MataresitStore

/// Re-publishes dead letters' original bytes, unchanged, to the partition they came from, then announces it
/// with an `admin.action` event `dlq.redrive` and records the letters as redriven.
///
/// No loop: a redriven event that is still bad is dead-lettered again as a new letter, and nothing redrives
/// automatically. An original that several stages dead-lettered is sent once; stages that had applied it absorb
/// the duplicate by its event id.
public struct DeadLetterRedrive: Sendable {
    let configuration: KafkaConfiguration
    let store: DeadLetterRedriveStore
    let producerName: String
    let logger: Logger

    public init(configuration: KafkaConfiguration, store: DeadLetterRedriveStore, producerName: String, logger: Logger)
    {
        self.configuration = configuration
        self.store = store
        self.producerName = producerName
        self.logger = logger
    }

    /// Redrives `letters`; returns how many originals were sent.
    @discardableResult
    public func redrive(_ letters: [StoredDeadLetter], stage: String?) async throws -> Int {
        guard !letters.isEmpty else { return 0 }
        var seen: Set<String> = []
        let originals = letters.filter { seen.insert($0.source).inserted }
        let producer = try KafkaProducer(configuration: configuration, logger: logger)
        for stored in originals {
            let letter = stored.letter
            try send(
                producer, topic: letter.sourceTopic, partition: letter.sourcePartition,
                key: letter.originalKey.isEmpty ? nil : letter.originalKey, value: letter.original)
        }
        let action = EventEnvelope(
            occurredAtMicros: Date().microsecondsSince1970, producer: producerName,
            payload: .adminAction(Self.action(letters, originals: originals.count, stage: stage)))
        try send(
            producer, topic: Topics.audit, partition: nil, key: action.id.byteArray, value: EventCodec.encode(action))
        let undelivered = await producer.flush(timeout: .seconds(15))
        let failed = producer.statistics.failed
        await producer.shutdown(flushTimeout: .seconds(1))
        guard undelivered == 0, failed == 0 else {
            throw DeadLetterQueueError.notDelivered(count: undelivered + failed)
        }
        try await store.record(letters.map { ($0.position, $0.letter.stage) })
        return originals.count
    }

    private func send(_ producer: KafkaProducer, topic: String, partition: Int32?, key: [UInt8]?, value: [UInt8]) throws
    {
        guard try producer.send(topic: topic, partition: partition, key: key, value: value) == .enqueued else {
            throw DeadLetterQueueError.notDelivered(count: 1)
        }
    }

    /// The audit record: which letters (by their dead-letter offsets), never their payloads.
    static func action(_ letters: [StoredDeadLetter], originals: Int, stage: String?) -> AdminAction {
        let offsets = letters.map { "\($0.position.partition):\($0.position.offset)" }.joined(separator: ",")
        return AdminAction(
            action: "dlq.redrive", targetType: "dead_letter_topic", targetID: Topics.deadLetters,
            attributes: [
                "letters": "\(letters.count)", "originals": "\(originals)", "stage": stage ?? "all",
                "offsets": String(offsets.prefix(2000))
            ])
    }
}
