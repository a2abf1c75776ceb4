import HTTPTypes
import Hummingbird
import Metrics
import Synchronization

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
        record(request, response, context: context, elapsed: ContinuousClock.now - start)
        return response
    }

    /// Counts the request's answer and its time (not for scrapes of `/metrics` itself).
    func record(_ request: Request, _ response: Response, context: Context, elapsed: Duration) {
        guard request.uri.path != "/metrics" else { return }
        let route = context.endpointPath.flatMap { $0 == "NotFound" ? nil : $0 } ?? "unmatched"
        let series = Self.series(method: request.method, route: route, status: response.status.code)
        series.requests.increment()
        series.duration.recordNanoseconds(elapsed.nanoseconds)
        if performanceRecords {
            PerformanceRecord(
                endpoint: route, method: request.method.rawValue, duration: elapsed, status: response.status.code
            )
            .log(to: context.logger)
        }
        if response.status == .tooManyRequests { Counter(label: "mataresit_rate_limited_requests_total").increment() }
    }

    /// The metric handles of one label set, made once: making a `Counter` or `Timer` looks its label and
    /// dimensions up in the metrics registry, which cost more than the recording itself.
    struct Series {
        let requests: Counter
        let duration: Metrics.Timer
    }

    private struct SeriesKey: Hashable {
        let method: String
        let route: String
        let status: Int
    }

    private static let known = Mutex<[SeriesKey: Series]>([:])
    /// Methods outside this set share the label `other`, so that invented methods cannot grow the label set.
    private static let labelledMethods: Set<HTTPRequest.Method> = [.get, .head, .post, .put, .patch, .delete, .options]

    static func series(method: HTTPRequest.Method, route: String, status: Int) -> Series {
        let key = SeriesKey(
            method: labelledMethods.contains(method) ? method.rawValue : "other", route: route, status: status)
        return known.withLock { known in
            if let series = known[key] { return series }
            let dimensions = [("method", key.method), ("route", key.route), ("status", String(key.status))]
            let series = Series(
                requests: Counter(label: "mataresit_http_requests_total", dimensions: dimensions),
                duration: Metrics.Timer(label: "mataresit_http_request_duration_seconds", dimensions: dimensions))
            // Handles made before the process bootstraps its metrics system stay no-ops: cache real ones only
            // (in a test process, in-process API suites may serve requests before a system bootstraps metrics).
            if !(MetricsSystem.factory is NOOPMetricsHandler) { known[key] = series }
            return series
        }
    }
}

extension Duration {
    var nanoseconds: Int64 { components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000 }
}
