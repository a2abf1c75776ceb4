import Hummingbird

/// Fails `/api/v1` requests fast with 503 while Postgres does not answer, instead of letting them wait for a
/// pooled connection until it comes back (postgres-nio's pool queues a lease indefinitely while it reconnects).
/// A request is refused at once when the last probe failed, and cancelled when a probe fails while it waits
/// (the watcher waits on the probe's outage signal: it must stay cancellable, and a probe's query never is). The request event is still emitted: the event middleware sits outside this one.
struct DatabaseGate: RouterMiddleware {
    typealias Context = AppRequestContext
    let probe: DatabaseProbe

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard await probe.isHealthy() else { throw Self.unavailable }
        return try await withoutActuallyEscaping(next) { next in
            let handler = UncheckedSendableBox(next)
            return try await withThrowingTaskGroup(of: Response?.self) { group in
                group.addTask { try await handler.value(request, context) }
                group.addTask { [probe] in
                    await probe.waitForOutage()
                    return nil
                }
                defer { group.cancelAll() }
                guard let first = try await group.next(), let response = first else { throw Self.unavailable }
                return response
            }
        }
    }

    static var unavailable: APIError {
        APIError(
            status: .serviceUnavailable, code: .serviceUnavailable,
            message: "The database is not answering; retry shortly", headers: [.retryAfter: "1"])
    }
}

/// Carries a non-Sendable value into a child task that provably ends before the value's scope does.
struct UncheckedSendableBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
