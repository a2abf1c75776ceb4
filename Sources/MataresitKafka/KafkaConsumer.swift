import Logging

/// A Kafka consumer with caller-owned offsets: no auto-commit (`enable.auto.commit=false`,
/// `enable.auto.offset.store=false`), `auto.offset.reset=earliest`, eager rebalance protocol
/// (`partition.assignment.strategy=range,roundrobin`); all overridable through
/// ``KafkaConfiguration/properties``.
///
/// Pull-based: nothing is fetched into the caller until it calls ``poll(maxMessages:maxWait:)``,
/// which also serves rebalances, so a group consumer must poll at least every
/// `max.poll.interval.ms` (default 300 s). Every librdkafka call runs on the consumer's own thread.
public final class KafkaConsumer: Sendable {
    let thread: RDKafkaThread
    let coordinator: RebalanceCoordinator
    let logger: Logger

    /// Joins `groupID` and subscribes to `topics`; partitions arrive through `rebalance`.
    public convenience init(
        configuration: KafkaConfiguration,
        groupID: String,
        topics: [String],
        rebalance: KafkaRebalanceHandler,
        logger: Logger
    ) throws {
        try self.init(configuration: configuration, groupID: groupID, handler: rebalance, logger: logger) {
            client throws(KafkaError) in
            try RDKafkaConsumerCalls.subscribe(client, topics: topics)
        }
    }

    /// Manual assignment (tests, replay): joins no group and reads exactly these positions.
    public convenience init(
        configuration: KafkaConfiguration, assignment: [TopicPartition: StartPosition], logger: Logger
    ) throws {
        // librdkafka needs a group.id for rd_kafka_assign even though no group is joined.
        let groupID = "mataresit-assign-\(UInt64.random(in: 0...UInt64.max))"
        try self.init(configuration: configuration, groupID: groupID, handler: nil, logger: logger) {
            client throws(KafkaError) in
            try RDKafkaConsumerCalls.assign(client, assignment)
            client.context.rebalance?.assigned(Set(assignment.keys))
        }
    }

    private init(
        configuration: KafkaConfiguration,
        groupID: String,
        handler: KafkaRebalanceHandler?,
        logger: Logger,
        start: (RDKafkaClient) throws(KafkaError) -> Void
    ) throws(KafkaError) {
        let coordinator = RebalanceCoordinator(handler: handler, logger: logger)
        let defaults = RDKafkaConsumerCalls.defaults + [("group.id", groupID)]
        let client = try RDKafkaClient(
            kind: .consumer,
            properties: configuration.librdkafkaProperties(defaults: defaults),
            context: RDKafkaCallbackContext(logger: logger, rebalance: coordinator)
        )
        try RDKafkaConsumerCalls.redirectMainQueue(client)
        try start(client)
        self.coordinator = coordinator
        self.logger = logger
        self.thread = RDKafkaThread(name: "kafka-consumer", client: client)
    }

    deinit {
        let coordinator = self.coordinator
        thread.submit { client in
            coordinator.disableHandlers()
            RDKafkaConsumerCalls.close(client)
        }
    }

    /// The partitions currently assigned to this consumer.
    public var assignment: Set<TopicPartition> { coordinator.assignment }
}
