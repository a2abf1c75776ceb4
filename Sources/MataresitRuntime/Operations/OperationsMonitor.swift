import Foundation
import Logging
import MataresitAPI
import MataresitCore
import MataresitKafka
import MataresitStore
import Metrics
import PostgresNIO
import Synchronization

/// Samples what only the runtime can see (Kafka reachability, producer queue, spool, consumer lag,
/// Postgres connections) into gauges when scraped, and hands the API its ``OperationsProbes``.
/// Kafka answers are cached about a second, so health checks and scrapes stay cheap.
final class OperationsMonitor: Sendable {
    private let client: PostgresClient
    private let producer: KafkaProducer?
    private let admin: KafkaAdmin?
    private let pendingEvents: PendingEventClock
    private let probeTopic: String?
    private let spoolDepth: @Sendable () -> Int
    private let maximumConnections: Int
    private let logger: Logger
    private let kafkaCache = Mutex<SingleFlightCache<Bool>?>(nil)
    private let lagCache = Mutex<SingleFlightCache<[StageLag]>?>(nil)

    init(
        client: PostgresClient, producer: KafkaProducer?, kafka: KafkaConfiguration, pipeline: PipelineSpec,
        spoolDepth: @escaping @Sendable () -> Int, maximumConnections: Int, logger: Logger
    ) {
        _ = MetricsBootstrap.registry
        self.client = client
        self.producer = producer
        self.admin = try? KafkaAdmin(configuration: kafka, logger: logger)
        self.pendingEvents = PendingEventClock(kafka: kafka, logger: logger)
        self.probeTopic = pipeline.topics.first?.name
        self.spoolDepth = spoolDepth
        self.maximumConnections = maximumConnections
        self.logger = logger
        Self.registerPlaceholders()
    }

    var probes: OperationsProbes {
        OperationsProbes(
            kafkaReachable: { [self] in await kafkaReachable() }, stageLag: { [self] in await stageLag() },
            metricsText: { [self] in await metricsText() })
    }

    /// A cheap metadata request (partition count of the first topic) answered within a second; one at a time,
    /// at most once a second.
    func kafkaReachable() async -> Bool {
        await cache(kafkaCache) { [self] in await checkKafka() }.value()
    }

    /// Lag per stage (summed over partitions), refreshing the per-partition gauges; one computation at a time, at
    /// most once a second.
    func stageLag(fresh: Bool = false) async -> [StageLag] {
        await cache(lagCache) { [self] in await computeStageLag() }.value(fresh: fresh)
    }

    private func cache<Value>(
        _ slot: borrowing Mutex<SingleFlightCache<Value>?>, _ load: @escaping @Sendable () async -> Value
    )
        -> SingleFlightCache<Value>
    {
        slot.withLock { cache in
            if let cache { return cache }
            let created = SingleFlightCache(maxAge: .seconds(1), load: load)
            cache = created
            return created
        }
    }

    private func checkKafka() async -> Bool {
        var reachable = false
        if let admin, let probeTopic {
            reachable = (try? await admin.partitionCount(topic: probeTopic, timeout: .seconds(1))) != nil
        }
        Gauge(label: "mataresit_kafka_up").record(reachable ? 1 : 0)
        return reachable
    }

    private func computeStageLag() async -> [StageLag] {
        let positions = (try? await StageLagStore(client: client, logger: logger).positions()) ?? []
        // Several stages read the same partitions: ask for each partition's watermarks once.
        var marks: [TopicPartition: (low: Int64, high: Int64)] = [:]
        if await kafkaReachable() {
            for partition in Set(positions.map(\.topicPartition)) { marks[partition] = await watermarks(partition) }
        }
        let oldest = await oldestPending(positions, marks: marks)
        var perStage: [String: StageLag] = [:]
        for (index, position) in positions.enumerated() {
            let partitionLag = StageLagCalculator.lag(
                of: position, highWatermark: marks[position.topicPartition]?.high, oldestPendingAt: oldest[index],
                now: Date())
            let labels = [
                ("stage", position.stage), ("topic", position.topic), ("partition", String(position.partition))
            ]
            if let messages = partitionLag.messages {
                Gauge(label: "mataresit_consumer_lag_messages", dimensions: labels).record(messages)
            }
            Gauge(label: "mataresit_consumer_lag_seconds", dimensions: labels).record(partitionLag.seconds)
            perStage[position.stage, default: StageLag(stage: position.stage, messages: 0, seconds: 0)]
                .add(partitionLag)
        }
        return perStage.values.sorted { $0.stage < $1.stage }
    }

    /// Refreshes every sampled gauge, then renders the registry.
    func metricsText() async -> String {
        _ = await stageLag(fresh: true)
        if let producer { Gauge(label: "mataresit_producer_queue_depth").record(producer.statistics.inFlight) }
        Gauge(label: "mataresit_spool_events").record(spoolDepth())
        await sampleConnections()
        return MetricsBootstrap.text()
    }

    /// When the first unapplied event of each lagging position was produced, by index in `positions`. A stage that
    /// never committed on a partition waits for its first retained event (the low watermark).
    private func oldestPending(
        _ positions: [StageLagStore.Position], marks: [TopicPartition: (low: Int64, high: Int64)]
    )
        async -> [Int: Date]
    {
        var nexts: [Int: Int64] = [:]
        var wanted: [TopicPartition: Set<Int64>] = [:]
        for (index, position) in positions.enumerated() {
            guard let mark = marks[position.topicPartition] else { continue }
            let next = max(position.nextOffset ?? mark.low, mark.low)
            guard next < mark.high else { continue }
            nexts[index] = next
            wanted[position.topicPartition, default: []].insert(next)
        }
        guard !wanted.isEmpty else { return [:] }
        let times = await pendingEvents.timestamps(at: wanted)
        var oldest: [Int: Date] = [:]
        for (index, next) in nexts { oldest[index] = times[positions[index].topicPartition]?[next] }
        return oldest
    }

    private func watermarks(_ partition: TopicPartition) async -> (low: Int64, high: Int64)? {
        guard let marks = try? await admin?.watermarks(partition, timeout: .milliseconds(500)) else { return nil }
        return (marks.low, marks.high)
    }

    /// postgres-nio does not expose its pool's usage, so the server's view of this database's connections
    /// stands in (`mataresit_db_connections{state}`), with the configured pool bound beside it.
    private func sampleConnections() async {
        Gauge(label: "mataresit_db_pool_max_connections").record(maximumConnections)
        var counts = ["active": Int64(0), "idle": 0, "idle in transaction": 0]
        do {
            counts.merge(try await DatabaseLiveness(client: client, logger: logger).connectionsByState()) { $1 }
        } catch {
            Counter(label: "mataresit_database_errors_total", dimensions: [("source", "probe")]).increment()
            return
        }
        for (state, count) in counts {
            Gauge(label: "mataresit_db_connections", dimensions: [("state", state)]).record(count)
        }
    }

    /// Families whose events may not have happened yet, so that every family is always present.
    private static func registerPlaceholders() {
        Counter(label: "mataresit_rate_limited_requests_total").increment(by: 0)
        for source in ["probe", "stage"] {
            Counter(label: "mataresit_database_errors_total", dimensions: [("source", source)]).increment(by: 0)
        }
    }
}

extension StageLagStore.Position {
    var topicPartition: TopicPartition { TopicPartition(topic: topic, partition: partition) }
}

extension StageLag {
    mutating func add(_ partition: StageLag) {
        if let more = partition.messages, let total = messages { messages = total + more } else { messages = nil }
        seconds = max(seconds, partition.seconds)
    }
}
