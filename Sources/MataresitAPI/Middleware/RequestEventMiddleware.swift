import Foundation
import HTTPTypes
import Hummingbird
import MataresitCore

/// Outermost layer: times the request and, once its response is decided, emits its event.
/// Every API request produces exactly one event, whatever its status (401, 404 and 405 included).
struct RequestEventMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let emitter: RequestEventEmitter
    let clientAddresses: ClientAddressPolicy
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
                clientIP: clientAddresses.client(of: request, context: context), startedAt: startedAt,
                duration: clock.now - start),
            logger: context.logger)
        return response
    }
}
