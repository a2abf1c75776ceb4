import Foundation
import HTTPTypes
import Hummingbird
import MataresitCore

/// Emits each finished request's event (see ``RequestPipeline``): every API request produces exactly one,
/// whatever its status (401, 404 and 405 included).
struct RequestEventRecorder: Sendable {
    let emitter: RequestEventEmitter
    let clientAddresses: ClientAddressPolicy
    /// Paths answered without an event (load-balancer probes and scrapes would drown the access log).
    static let unrecordedPaths: Set<String> = ["/healthz", "/readyz", "/metrics"]

    func emit(
        _ request: Request, _ response: Response, context: AppRequestContext, startedAt: Date,
        start: ContinuousClock.Instant
    ) async {
        guard !Self.unrecordedPaths.contains(request.uri.path) else { return }
        await emitter.emit(
            .init(
                request: request, response: response, route: context.endpointPath, trace: context.trace.snapshot,
                clientIP: clientAddresses.client(of: request, context: context), startedAt: startedAt,
                duration: ContinuousClock.now - start),
            logger: context.logger)
    }
}
