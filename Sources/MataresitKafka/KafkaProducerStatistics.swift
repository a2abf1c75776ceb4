/// Counters of one ``KafkaProducer`` since it was created.
public struct KafkaProducerStatistics: Sendable, Hashable {
    /// Messages accepted by ``KafkaProducer/send(topic:partition:key:value:)``.
    public var enqueued: Int
    /// Messages acknowledged by the broker.
    public var delivered: Int
    /// Messages whose delivery finally failed (each was handed to the delivery-failure handler).
    public var failed: Int
    /// librdkafka's out-queue length (`rd_kafka_outq_len`): messages not yet acknowledged plus
    /// delivery reports not yet served; 0 after shutdown.
    public var inFlight: Int
}
