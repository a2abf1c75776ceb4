/// The one error type of MataresitKafka.
///
/// Its ``description`` names the operation, the code and librdkafka's reason; never a message key,
/// value or configuration value.
public struct KafkaError: Error, CustomStringConvertible, Sendable {
    /// What went wrong.
    public let code: Code
    /// Whether the same operation may succeed when tried again later (broker or network trouble,
    /// full queue, timeout), as opposed to a misuse or a fatal client state.
    public let isRetriable: Bool
    /// What was attempted, for example `"create topics"`.
    public let operation: String
    /// librdkafka's reason, when it gave one.
    public let reason: String?
    /// The error of our own code behind this one (a rebalance handler's), when there is one.
    public let underlying: (any Error)?

    /// Creates an error; `isRetriable` defaults to the code's usual answer.
    public init(
        code: Code, operation: String, reason: String? = nil, isRetriable: Bool? = nil, underlying: (any Error)? = nil
    ) {
        self.code = code
        self.operation = operation
        self.reason = reason
        self.isRetriable = isRetriable ?? code.isUsuallyRetriable
        self.underlying = underlying
    }

    /// `KafkaError(operation: code[, reason])`.
    public var description: String {
        let suffix = reason.map { ", \($0)" } ?? ""
        return "KafkaError(\(operation): \(code)\(suffix)\(isRetriable ? ", retriable" : ""))"
    }
}
