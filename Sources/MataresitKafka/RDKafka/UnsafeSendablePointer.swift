/// The module's one `@unchecked Sendable` box: a raw librdkafka handle (`rd_kafka_t`, mock cluster).
///
/// Why this is sound: librdkafka documents its handles as thread-safe for the calls made through
/// them here, and every box lives inside a `final class` (``RDKafkaClient``, ``RDKafkaMockCluster``)
/// that frees the handle in `deinit`, after its last user is gone. ``KafkaProducer`` keeps a box
/// beyond the owner's reach only behind ``ProducerGate``, which closes before the handle is freed.
struct UnsafeSendablePointer: @unchecked Sendable {
    let raw: OpaquePointer
}
