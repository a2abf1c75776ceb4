import CRDKafka

/// Owns an `rd_kafka_conf_t` until ``take()`` hands it to `rd_kafka_new`.
final class RDKafkaConfig {
    private var pointer: OpaquePointer?

    /// Creates a configuration holding `properties`, set in order (later ones override earlier ones).
    init(_ properties: [(String, String)]) throws(KafkaError) {
        pointer = rd_kafka_conf_new()
        for (key, value) in properties {
            try set(key, value)
        }
    }

    deinit {
        if let pointer { rd_kafka_conf_destroy(pointer) }
    }

    /// Sets one property; the error names the property but never its value.
    func set(_ key: String, _ value: String) throws(KafkaError) {
        var errstr = [CChar](repeating: 0, count: 512)
        let result = rd_kafka_conf_set(pointer, key, value, &errstr, errstr.count)
        guard result == RD_KAFKA_CONF_OK else {
            throw KafkaError(code: .configuration, operation: "set property \(key)", isRetriable: false)
        }
    }

    /// Calls `body` with the raw pointer, for the `rd_kafka_conf_set_*_cb` setters.
    func withPointer(_ body: (OpaquePointer) -> Void) {
        if let pointer { body(pointer) }
    }

    /// Gives up ownership (to `rd_kafka_new`, which frees it on success).
    func take() -> OpaquePointer? {
        defer { pointer = nil }
        return pointer
    }

    /// Takes ownership back after a failed `rd_kafka_new`.
    func giveBack(_ conf: OpaquePointer?) {
        pointer = conf
    }
}
