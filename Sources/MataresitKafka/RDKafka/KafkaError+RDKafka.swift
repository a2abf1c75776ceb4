import CRDKafka

extension KafkaError.Code {
    init(_ error: rd_kafka_resp_err_t) {
        self.init(rawValue: error.rawValue)
    }

    var rdKafkaError: rd_kafka_resp_err_t { rd_kafka_resp_err_t(rawValue: rawValue) }

    /// librdkafka's queue is at its bound.
    public static let queueFull = Self(RD_KAFKA_RESP_ERR__QUEUE_FULL)
    /// A local timeout expired.
    public static let timedOut = Self(RD_KAFKA_RESP_ERR__TIMED_OUT)
    /// A message was not delivered within `message.timeout.ms`.
    public static let messageTimedOut = Self(RD_KAFKA_RESP_ERR__MSG_TIMED_OUT)
    /// The topic or partition does not exist.
    public static let unknownTopicOrPartition = Self(RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART)
    /// The partition does not exist (client-side check).
    public static let unknownPartition = Self(RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION)
    /// The topic already exists.
    public static let topicAlreadyExists = Self(RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS)
    /// No broker is reachable.
    public static let allBrokersDown = Self(RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN)
    /// A connection failed.
    public static let transport = Self(RD_KAFKA_RESP_ERR__TRANSPORT)
    /// The client hit a fatal error (for example an idempotence violation) and must be recreated.
    public static let fatal = Self(RD_KAFKA_RESP_ERR__FATAL)
    /// An argument was invalid.
    public static let invalidArgument = Self(RD_KAFKA_RESP_ERR__INVALID_ARG)
    /// The message was purged from librdkafka's queues (shutdown).
    public static let purged = Self(RD_KAFKA_RESP_ERR__PURGE_QUEUE)

    /// librdkafka's name of the code, or this module's.
    public var name: String {
        if let moduleName { return moduleName }
        return String(cString: rd_kafka_err2name(rdKafkaError))
    }

    var isUsuallyRetriable: Bool {
        Self.retriable.contains(rawValue)
    }

    private static let retriable: Set<Int32> = Set(
        [
            RD_KAFKA_RESP_ERR__QUEUE_FULL, RD_KAFKA_RESP_ERR__TIMED_OUT, RD_KAFKA_RESP_ERR__MSG_TIMED_OUT,
            RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN, RD_KAFKA_RESP_ERR__TRANSPORT, RD_KAFKA_RESP_ERR__RESOLVE,
            RD_KAFKA_RESP_ERR__TIMED_OUT_QUEUE, RD_KAFKA_RESP_ERR__PURGE_QUEUE, RD_KAFKA_RESP_ERR__PURGE_INFLIGHT,
            RD_KAFKA_RESP_ERR__WAIT_COORD, RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC, RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART,
            RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE, RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION,
            RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT, RD_KAFKA_RESP_ERR_NETWORK_EXCEPTION,
            RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS, RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE,
            RD_KAFKA_RESP_ERR_NOT_COORDINATOR, RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS,
            RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS_AFTER_APPEND, RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS,
            RD_KAFKA_RESP_ERR__RETRY
        ].map(\.rawValue)
    ).union([KafkaError.Code.rebalanceHandlerFailed.rawValue])
}

extension KafkaError {
    init(_ error: rd_kafka_resp_err_t, operation: String, reason: String? = nil) {
        self.init(code: Code(error), operation: operation, reason: reason)
    }

    /// Takes ownership of an `rd_kafka_error_t` and destroys it.
    init(consuming error: OpaquePointer, operation: String) {
        defer { rd_kafka_error_destroy(error) }
        self.init(
            code: Code(rd_kafka_error_code(error)),
            operation: operation,
            reason: rd_kafka_error_string(error).map { String(cString: $0) },
            isRetriable: rd_kafka_error_is_retriable(error) != 0 || Code(rd_kafka_error_code(error)).isUsuallyRetriable
        )
    }
}
