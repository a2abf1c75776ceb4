import Foundation
import HTTPTypes
import Hummingbird

/// Outermost layer: times the request and, once its response is decided, emits its event.
/// Every API request produces exactly one event, whatever its status (401, 404 and 405 included).
struct RequestEventMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let emitter: RequestEventEmitter
    /// Paths answered without an event (load-balancer probes and scrapes would drown the access log).
    static let unrecordedPaths: Set<String> = ["/healthz", "/readyz", "/metrics"]

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let startedAt = Date()
        let clock = ContinuousClock()
        let start = clock.now
        let response = try await next(request, context)
        guard !Self.unrecordedPaths.contains(request.uri.path) else { return response }
        await emitter.emit(
            .init(
                request: request, response: response, route: context.endpointPath, trace: context.trace.snapshot,
                clientIP: Self.clientIP(request.headers, remote: context.remoteAddress), startedAt: startedAt,
                duration: clock.now - start),
            logger: context.logger)
        return response
    }

    /// First of `CF-Connecting-IP`, the first `X-Forwarded-For` entry, `X-Real-IP`, then the peer address.
    static func clientIP(_ headers: HTTPFields, remote: String?) -> String? {
        if let value = headers[.cloudflareIP] { return value }
        if let value = headers[.forwardedFor], let first = value.split(separator: ",").first {
            return first.trimmingCharacters(in: .whitespaces)
        }
        return headers[.realIP] ?? remote
    }
}
