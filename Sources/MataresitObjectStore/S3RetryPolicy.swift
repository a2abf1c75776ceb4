/// When and how long to wait before trying a request again.
///
/// Retried: no answer at all (connection refused or reset, timeout), HTTP 5xx but 501, HTTP 429, and S3's
/// `SlowDown`, `Throttling`, `RequestTimeout`, `InternalError` and `ServiceUnavailable` codes whatever their status.
/// Never retried: any other 4xx, which the same request would get again.
public struct S3RetryPolicy: Sendable {
    /// Attempts in all, the first included; at least 1.
    public var maxAttempts: Int
    /// The wait after the first failure; doubled after each further one, up to `maxDelay`.
    public var baseDelay: Duration
    public var maxDelay: Duration
    /// Waits between attempts; tests pass one that records the delay and returns at once.
    public var sleep: @Sendable (Duration) async throws -> Void

    public init(
        maxAttempts: Int = 5, baseDelay: Duration = .milliseconds(100), maxDelay: Duration = .seconds(10),
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.sleep = sleep
    }

    /// The wait after failed attempt `attempt` (1-based): half of the exponential step fixed, half random ("equal
    /// jitter"), so clients that failed together do not come back together, yet each one does back off.
    public func delay(afterAttempt attempt: Int) -> Duration {
        let step = min(maxDelay, baseDelay * (1 << min(max(attempt - 1, 0), 30)))
        return step / 2 + step / 2 * Double.random(in: 0...1)
    }

    static let retryableCodes: Set<String> = [
        "SlowDown", "Throttling", "ThrottlingException", "RequestTimeout", "InternalError", "ServiceUnavailable",
        "RequestLimitExceeded", "TooManyRequestsException"
    ]

    /// Whether an HTTP answer with `status` and S3 error `code` is worth another attempt.
    public static func isRetryable(status: Int, code: String?) -> Bool {
        if let code, retryableCodes.contains(code) { return true }
        return status == 429 || (status >= 500 && status != 501)
    }
}
