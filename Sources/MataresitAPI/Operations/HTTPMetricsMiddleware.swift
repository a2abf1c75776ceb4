import Hummingbird
import Metrics

/// Counts requests and records their latency by method, route template and status, for `/metrics`:
/// `mataresit_http_requests_total`, `mataresit_http_request_duration_seconds` and
/// `mataresit_rate_limited_requests_total`. Placed outside the error envelope, so it sees every final
/// status; routes that matched nothing (Hummingbird's `NotFound`) are labelled `unmatched` to keep the label set bounded.
struct HTTPMetricsMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

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
        Metrics.Timer(label: "mataresit_http_request_duration_seconds", dimensions: dimensions)
            .recordInterval(since: start)
        if response.status == .tooManyRequests {
            Counter(label: "mataresit_rate_limited_requests_total").increment()
        }
        return response
    }
}

extension Metrics.Timer {
    /// Records the time elapsed since `start` (monotonic clock).
    func recordInterval(since start: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - start
        let (seconds, attoseconds) = elapsed.components
        recordNanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
