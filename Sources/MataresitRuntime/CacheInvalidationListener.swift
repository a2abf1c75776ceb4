import Logging
import MataresitAPI
import MataresitCore
import MataresitKafka
import Metrics
import ServiceLifecycle

/// Applies the other API instances' cache invalidations to this instance's response cache. It reads
/// `cache.invalidations.v1` by manual assignment from each partition's end as it stood when the listener was made,
/// before the instance serves (no consumer group: every instance must see every invalidation, and older ones
/// concern entries that no longer matter), and skips its own, which were applied when the write was answered.
/// If the broker is away, entries still expire by their TTL.
struct CacheInvalidationListener: Service {
    let consumer: KafkaConsumer
    let cache: ResponseCache
    let instanceName: String
    let logger: Logger

    init(kafka: KafkaConfiguration, pipeline: PipelineSpec, cache: ResponseCache, instanceName: String, logger: Logger)
        async throws
    {
        let partitions = pipeline.topic(named: Topics.cacheInvalidations)?.partitions ?? 1
        let assignment = await Self.currentEnds(
            (0..<partitions).map { TopicPartition(topic: Topics.cacheInvalidations, partition: $0) }, kafka, logger)
        consumer = try KafkaConsumer(configuration: kafka, assignment: assignment, logger: logger)
        self.cache = cache
        self.instanceName = instanceName
        self.logger = logger
    }

    /// Each partition's end now (its high watermark). With `.end` the consumer would take the end at its first
    /// fetch, which can come after this instance cached a read and another instance invalidated it (seen in CI
    /// under load): that invalidation was never applied. `.end` remains for a broker that does not answer.
    static func currentEnds(_ partitions: [TopicPartition], _ kafka: KafkaConfiguration, _ logger: Logger) async
        -> [TopicPartition: StartPosition]
    {
        let admin = try? KafkaAdmin(configuration: kafka, logger: logger)
        var starts: [TopicPartition: StartPosition] = [:]
        for partition in partitions {
            let high = try? await admin?.watermarks(partition, timeout: .seconds(2)).high
            starts[partition] = high.map { .offset($0) } ?? .end
        }
        return starts
    }

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                let messages = try await consumer.poll(maxMessages: 500, maxWait: .milliseconds(200))
                for message in messages { apply(message) }
            } catch {
                logger.warning("cache invalidations unavailable", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: .seconds(1))
            }
        }
        await consumer.close()
    }

    func apply(_ message: KafkaMessage) {
        guard let envelope = try? EventCodec.decode(message.value),
            case .cacheInvalidation(let invalidation) = envelope.payload
        else {
            Counter(label: "mataresit_cache_invalidations_undecodable_total").increment()
            return
        }
        guard invalidation.origin != instanceName else { return }
        cache.invalidate(tags: invalidation.tags)
    }
}
