import Hummingbird
import Metrics

/// Counts requests and records their latency by method, route template and status, for `/metrics`:
/// `mataresit_http_requests_total`, `mataresit_http_request_duration_seconds` and
/// `mataresit_rate_limited_requests_total`. Placed outside the error envelope, so it sees every final
/// status; routes that matched nothing (Hummingbird's `NotFound`) are labelled `unmatched` to keep the label set bounded.
/// With `performanceRecords`, it also writes the seed's `performance_metric` log record (see ``PerformanceRecord``).
struct HTTPMetricsMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    var performanceRecords = false

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        guard request.uri.path != "/metrics" else { return response }
        let route = context.endpointPath.flatMap { $0 == "NotFound" ? nil : $0 } ?? "unmatched"
        let dimensions = [
            ("method", request.method.rawValue), ("route", route),
            ("status", String(response.status.code)),
        ]
        Counter(label: "mataresit_http_requests_total", dimensions: dimensions).increment()
        let elapsed = ContinuousClock.now - start
        Metrics.Timer(label: "mataresit_http_request_duration_seconds", dimensions: dimensions)
            .recordNanoseconds(elapsed.nanoseconds)
        if performanceRecords {
            PerformanceRecord(endpoint: route, method: request.method.rawValue, duration: elapsed, status: response.status.code)
                .log(to: context.logger)
        }
        if response.status == .tooManyRequests {
            Counter(label: "mataresit_rate_limited_requests_total").increment()
        }
        return response
    }
}

extension Metrics.Timer {
    /// Records the time elapsed since `start` (monotonic clock).
    func recordInterval(since start: ContinuousClock.Instant) {
        recordNanoseconds((ContinuousClock.now - start).nanoseconds)
    }
}

extension Duration {
    var nanoseconds: Int64 { components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000 }
}
