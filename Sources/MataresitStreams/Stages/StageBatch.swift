import Foundation
import MataresitCore
import MataresitKafka
import MataresitStore

/// One polled batch, decoded and split into what can be applied and what is dead-lettered.
struct StageBatch {
    /// The messages of held partitions, in poll order (to re-apply them one by one when the batch is refused).
    var messages: [KafkaMessage] = []
    var events: [EventEnvelope] = []
    /// Messages that are not events this build can apply: undecodable, of a type it does not know, or with an event
    /// time outside ``EventTimeWindow``.
    var rejected: [(message: KafkaMessage, reason: String)] = []
    var undecodableCount = 0
    var positions: [PartitionPosition] = []
    let epochs: [TopicPartition: Int64]
    /// For a projection that keeps messages as they came: nothing is rejected (`events` holds what decodes).
    let raw: Bool
    /// With `raw`: each message's event time, aligned with `messages`.
    var messageEventMicros: [Int64] = []

    /// Decodes messages of partitions this worker holds (with their epochs); others are dropped.
    init(messages polled: [KafkaMessage], epochs: [TopicPartition: Int64], raw: Bool = false) {
        self.epochs = epochs
        self.raw = raw
        var last: [TopicPartition: (offset: Int64, newest: Int64)] = [:]
        let now = Date()  // once per batch: the clock read per event showed in profiles
        for message in polled {
            let partition = message.topicPartition
            guard epochs[partition] != nil else { continue }
            messages.append(message)
            var newest = last[partition]?.newest ?? 0
            do {
                let envelope = try EventCodec.decode(message.value)
                if raw {
                    events.append(envelope)
                    messageEventMicros.append(envelope.occurredAtMicros)
                    newest = max(newest, envelope.occurredAtMicros)
                } else if case .unknown(let typeName) = envelope.payload {
                    rejected.append((message, "unknown event type \(typeName.isEmpty ? "(none)" : typeName)"))
                } else if let problem = EventTimeWindow.problem(occurredAtMicros: envelope.occurredAtMicros, now: now) {
                    rejected.append((message, problem))
                } else {
                    events.append(envelope)
                    newest = max(newest, envelope.occurredAtMicros)
                }
            } catch {
                undecodableCount += 1
                if raw {
                    messageEventMicros.append((message.timestampMs ?? 0) * 1000)
                } else {
                    rejected.append((message, "\(error)"))
                }
            }
            last[partition] = (max(message.offset, last[partition]?.offset ?? -1), newest)
        }
        positions = last.map { partition, value in
            PartitionPosition(
                topic: partition.topic, partition: partition.partition, epoch: epochs[partition]!,
                nextOffset: value.offset + 1, newestEventMicros: value.newest)
        }
    }

    var isEmpty: Bool { positions.isEmpty }

    /// The same positions with every event rejected for `reason` (an event the database refused).
    func rejectingAll(reason: String) -> StageBatch {
        var batch = self
        batch.rejected = messages.map { ($0, reason) }
        batch.events = []
        batch.undecodableCount = 0
        return batch
    }

    /// One batch per message, in order, for applying a refused batch event by event.
    var singles: [StageBatch] { messages.map { StageBatch(messages: [$0], epochs: epochs, raw: raw) } }

    /// What the projection prepares from.
    var input: ProjectionBatch {
        raw
            ? ProjectionBatch(events: events, messages: messages, messageEventMicros: messageEventMicros)
            : ProjectionBatch(events: events)
    }

    /// The letters of the rejected messages, from `stage`.
    func deadLetters(stage: String) -> [DeadLetter] {
        rejected.map { message, reason in
            DeadLetter(
                stage: stage, reason: reason, sourceTopic: message.topic, sourcePartition: message.partition,
                sourceOffset: message.offset, original: message.value, originalKey: message.key ?? [])
        }
    }
}
