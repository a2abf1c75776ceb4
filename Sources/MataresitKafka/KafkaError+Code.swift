extension KafkaError {
    /// An extensible error code: librdkafka's `rd_kafka_resp_err_t` values (negative for
    /// client-side errors, positive for broker errors) plus this module's own, below -10000.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The numeric value.
        public let rawValue: Int32

        /// Creates a code from its numeric value.
        public init(rawValue: Int32) {
            self.rawValue = rawValue
        }

        /// librdkafka's name of the code (for example `_QUEUE_FULL`), or this module's.
        public var description: String { name }
    }
}

extension KafkaError.Code {
    /// Invalid or rejected configuration (the description names the property, never its value).
    public static let configuration = Self(rawValue: -10_001)
    /// The rebalance handler's `assigned` kept failing; the consumer holds no partition.
    public static let rebalanceHandlerFailed = Self(rawValue: -10_002)
    /// The client was shut down or closed.
    public static let closed = Self(rawValue: -10_003)
    /// A librdkafka object could not be created.
    public static let creationFailed = Self(rawValue: -10_004)

    var moduleName: String? {
        switch self {
        case .configuration: "configuration"
        case .rebalanceHandlerFailed: "rebalance_handler_failed"
        case .closed: "closed"
        case .creationFailed: "creation_failed"
        default: nil
        }
    }
}
