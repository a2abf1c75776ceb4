import Foundation
import Hummingbird

/// What every request goes through, in one layer instead of five, outermost first: its timing and event, its
/// metrics, CORS (a preflight is answered here), the error envelope with the true rate-limit headers, and the
/// suspicious-pattern check. `/api/v1` routes then pass ``APIGuard`` (database gate, key, rate limit).
/// Every request, whatever its status, produces exactly one event (probes and scrapes excepted).
struct RequestPipeline: RouterMiddleware {
    typealias Context = AppRequestContext
    /// nil when request events are off (`mataresit bench api`'s comparison instance).
    let events: RequestEventRecorder?
    let metrics: HTTPMetricsMiddleware
    let cors: CORSMiddleware
    let envelope: ErrorEnvelopeMiddleware
    let patterns: SuspiciousPatternMiddleware

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let startedAt = Date(), start = ContinuousClock.now
        var response: Response
        if let preflight = cors.preflight(request) {
            response = preflight
        } else {
            do {
                response = try await next(try await patterns.inspect(request, context: context), context)
            } catch {
                response = envelope.failure(error, request: request, context: context)
            }
            envelope.addRateLimitHeaders(to: &response, trace: context.trace.snapshot)
            cors.decorate(&response, for: request)
        }
        metrics.record(request, response, context: context, elapsed: ContinuousClock.now - start)
        await events?.emit(request, response, context: context, startedAt: startedAt, start: start)
        return response
    }
}
