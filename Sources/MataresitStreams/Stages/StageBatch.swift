import MataresitCore
import MataresitKafka
import MataresitStore

/// One polled batch, decoded and split into what can be applied and what cannot.
struct StageBatch {
    var events: [EventEnvelope] = []
    var undecodable: [(message: KafkaMessage, reason: String)] = []
    var positions: [PartitionPosition] = []

    /// Decodes messages of partitions this worker holds (with their epochs); others are dropped.
    init(messages: [KafkaMessage], epochs: [TopicPartition: Int64]) {
        var last: [TopicPartition: (offset: Int64, newest: Int64)] = [:]
        for message in messages {
            let partition = message.topicPartition
            guard epochs[partition] != nil else { continue }
            var newest = last[partition]?.newest ?? 0
            do {
                let envelope = try EventCodec.decode(message.value)
                events.append(envelope)
                newest = max(newest, envelope.occurredAtMicros)
            } catch {
                undecodable.append((message, "\(error)"))
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
}
