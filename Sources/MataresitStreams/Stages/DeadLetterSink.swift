import Logging
import MataresitCore
import MataresitKafka
import Synchronization

/// Where a stage sends the events it cannot decode or apply: `api.requests.dlq.v1`.
///
/// Exactly-once safety: `deliver` returns only once the broker acknowledged every letter, and the runner calls
/// it before the batch transaction that moves the offsets past them. A crash in between replays the batch and
/// sends the letters again (at-least-once on the dead-letter topic); `dlq list` and `dlq redrive` collapse
/// letters of the same stage and source position, so a duplicate letter is never a second event.
/// The producer is made on the first dead letter: most workers never need one.
final class DeadLetterSink: Sendable {
    private let configuration: KafkaConfiguration
    private let logger: Logger
    private let producer = Mutex<KafkaProducer?>(nil)
    static let deliveryTimeout = Duration.seconds(10)

    init(configuration: KafkaConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// Sends the letters and waits for their acknowledgement; throws `DeadLetterDeliveryFailed` otherwise
    /// (the runner retries the batch: its offsets must not pass an undelivered letter).
    func deliver(_ letters: [DeadLetter], producerName: String) async throws {
        guard !letters.isEmpty else { return }
        let producer = try producerMakingIfNeeded()
        let before = producer.statistics.failed
        for letter in letters {
            let envelope = EventEnvelope(
                occurredAtMicros: letter.failedAtMicros, producer: producerName, payload: .deadLetter(letter))
            let key = letter.originalKey.isEmpty ? envelope.id.byteArray : letter.originalKey
            guard
                try producer.send(topic: Topics.deadLetters, key: key, value: EventCodec.encode(envelope)) == .enqueued
            else { throw DeadLetterDeliveryFailed(reason: "producer queue full") }
        }
        let undelivered = await producer.flush(timeout: Self.deliveryTimeout)
        let failed = producer.statistics.failed - before
        guard undelivered == 0, failed == 0 else {
            throw DeadLetterDeliveryFailed(reason: "\(undelivered) undelivered, \(failed) failed")
        }
    }

    /// Flushes and closes the producer, if one was made.
    func shutdown() async {
        guard let producer = producer.withLock({ $0 }) else { return }
        await producer.shutdown(flushTimeout: .seconds(5))
    }

    private func producerMakingIfNeeded() throws -> KafkaProducer {
        try producer.withLock { existing in
            if let existing { return existing }
            let made = try KafkaProducer(configuration: configuration, logger: logger)
            existing = made
            return made
        }
    }
}

/// Dead letters did not reach the broker; the batch is retried and its offsets stay where they were.
struct DeadLetterDeliveryFailed: Error, CustomStringConvertible {
    let reason: String
    var description: String { "dead letters not delivered: \(reason)" }
}
