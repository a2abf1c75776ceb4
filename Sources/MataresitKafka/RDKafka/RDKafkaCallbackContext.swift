import Logging
import Synchronization

/// What librdkafka's callbacks reach through the client's opaque pointer.
///
/// Retained by ``RDKafkaClient`` for as long as the `rd_kafka_t` exists, so the unretained opaque
/// pointer is valid in every callback.
final class RDKafkaCallbackContext: Sendable {
    let logger: Logger
    let delivery: DeliveryTracker?
    let rebalance: RebalanceCoordinator?
    /// The last error librdkafka reported (for example a failed TLS handshake), to explain a later time-out.
    let lastError = Mutex<String?>(nil)

    init(logger: Logger, delivery: DeliveryTracker? = nil, rebalance: RebalanceCoordinator? = nil) {
        self.logger = logger
        self.delivery = delivery
        self.rebalance = rebalance
    }

    var opaque: UnsafeMutableRawPointer {
        Unmanaged.passUnretained(self).toOpaque()
    }

    static func from(_ opaque: UnsafeMutableRawPointer?) -> RDKafkaCallbackContext? {
        guard let opaque else { return nil }
        return Unmanaged<RDKafkaCallbackContext>.fromOpaque(opaque).takeUnretainedValue()
    }
}
