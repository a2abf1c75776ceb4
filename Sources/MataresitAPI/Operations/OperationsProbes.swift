/// What the API reports about the rest of the process without linking it (no librdkafka, no exporter):
/// the runtime fills these in; the defaults suit tests of the API alone.
public struct OperationsProbes: Sendable {
    /// Whether Kafka answers (implementations cache the answer about a second).
    public var kafkaReachable: @Sendable () async -> Bool
    /// Consumer lag per stage, freshest known (for `/api/v1/health` and `/readyz`).
    public var stageLag: @Sendable () async -> [StageLag]
    /// The process's metrics in Prometheus text format, refreshed on call (`GET /metrics`).
    public var metricsText: @Sendable () async -> String

    public init(
        kafkaReachable: @escaping @Sendable () async -> Bool = { true },
        stageLag: @escaping @Sendable () async -> [StageLag] = { [] },
        metricsText: @escaping @Sendable () async -> String = { "" }
    ) {
        self.kafkaReachable = kafkaReachable
        self.stageLag = stageLag
        self.metricsText = metricsText
    }

    /// Kafka assumed reachable, no lag known, empty metrics.
    public static let none = OperationsProbes()
}

/// How far one stage is behind its input, over all its partitions.
public struct StageLag: Sendable, Equatable, Encodable {
    /// The stage's name in `streams/`.
    public var stage: String
    /// Messages in Kafka not yet applied (sum of high watermark − next offset); nil when Kafka did not answer.
    public var messages: Int64?
    /// Age of the oldest event not yet applied, in seconds (0 when caught up).
    public var seconds: Double

    public init(stage: String, messages: Int64?, seconds: Double) {
        self.stage = stage
        self.messages = messages
        self.seconds = seconds
    }
}
