import Logging

/// The seed's `performance_metric` log record: `{type, endpoint, method, duration, status, timestamp}` (duration in
/// milliseconds; the endpoint is the route template, never the path with ids or a query string).
/// Every request is recorded at `debug`; slow ones (at least ``slowThreshold``) and server errors also at `info`,
/// so the default `LOG_LEVEL=info` keeps one line per problem rather than one per request.
struct PerformanceRecord {
    static let slowThreshold: Duration = .seconds(1)

    let endpoint: String
    let method: String
    let duration: Duration
    let status: Int

    var level: Logger.Level { duration >= Self.slowThreshold || status >= 500 ? .info : .debug }

    func log(to logger: Logger) {
        guard logger.logLevel <= level else { return }
        logger.log(
            level: level, "performance_metric",
            metadata: [
                "type": "performance_metric", "endpoint": "\(endpoint)", "method": "\(method)",
                "duration": "\(Double(duration.nanoseconds) / 1_000_000)", "status": "\(status)"
            ])
    }
}

/// The seed's `error_metric` log record for a request that failed on our side (5xx): the route template, the
/// error's code and a PII-free description (SQLSTATE and server text for database errors; never request data).
struct ErrorRecord {
    let endpoint: String
    let code: String
    let error: String

    func log(to logger: Logger) {
        logger.error(
            "error_metric",
            metadata: ["type": "error_metric", "endpoint": "\(endpoint)", "error": "\(error)", "context": "\(code)"])
    }
}
