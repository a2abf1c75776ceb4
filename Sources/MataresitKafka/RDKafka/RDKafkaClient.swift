import CRDKafka

/// Owns one `rd_kafka_t` (producer or consumer) and the callback context its opaque points to;
/// destroys the handle in `deinit`.
///
/// Consumers and admin clients keep their only reference on their ``RDKafkaThread``, so the
/// (possibly blocking) `rd_kafka_destroy` runs there, never on the cooperative pool.
final class RDKafkaClient: Sendable {
    enum Kind {
        case producer, consumer

        var rdKafkaType: rd_kafka_type_t {
            switch self {
            case .producer: RD_KAFKA_PRODUCER
            case .consumer: RD_KAFKA_CONSUMER
            }
        }
    }

    let handle: UnsafeSendablePointer
    let context: RDKafkaCallbackContext

    init(kind: Kind, properties: [(String, String)], context: RDKafkaCallbackContext) throws(KafkaError) {
        let config = try RDKafkaConfig(properties)
        config.withPointer { conf in
            rd_kafka_conf_set_opaque(conf, context.opaque)
            RDKafkaCallbacks.install(on: conf, for: context)
        }
        var errstr = [CChar](repeating: 0, count: 512)
        let conf = config.take()
        guard let raw = rd_kafka_new(kind.rdKafkaType, conf, &errstr, errstr.count) else {
            config.giveBack(conf)
            throw KafkaError(
                code: .creationFailed, operation: "create \(kind) client", reason: String(errorBuffer: errstr))
        }
        self.handle = UnsafeSendablePointer(raw: raw)
        self.context = context
    }

    deinit {
        rd_kafka_destroy(handle.raw)
    }

    var raw: OpaquePointer { handle.raw }

    /// The fatal error librdkafka raised, if any (the client must then be recreated).
    func fatalError(operation: String) -> KafkaError? {
        var errstr = [CChar](repeating: 0, count: 512)
        let code = rd_kafka_fatal_error(raw, &errstr, errstr.count)
        guard code != RD_KAFKA_RESP_ERR_NO_ERROR else { return nil }
        return KafkaError(
            code: KafkaError.Code(code), operation: operation, reason: String(errorBuffer: errstr), isRetriable: false)
    }
}
