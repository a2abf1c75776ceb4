import Hummingbird

/// Fails `/api/v1` requests fast with 503 while Postgres does not answer, instead of letting them wait for a
/// pooled connection until it comes back (postgres-nio's pool queues a lease indefinitely while it reconnects).
/// A request is refused at once when the last probe failed, and cancelled when a probe fails while it runs
/// (the probe's outage signal cancels the request's child task; a probe's own query is never cancelled).
/// The request event is still emitted: the event middleware sits outside this one.
struct DatabaseGate: Sendable {
    typealias Context = AppRequestContext
    let probe: DatabaseProbe

    /// `next`, unless the database is known to be down (503 at once); cancelled with a 503 if it goes down meanwhile.
    func run(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard await probe.isHealthy() else { throw Self.unavailable }
        return try await withoutActuallyEscaping(next) { next in
            let handler = UncheckedSendableBox(next)
            // A child task, so that cancelling it on an outage leaves the connection's own task alone.
            return try await withThrowingTaskGroup(of: Response.self) { group in
                group.addTask { [probe] in
                    let (result, outage) = await probe.cancellingOnOutage { try await handler.value(request, context) }
                    if outage, case .failure = result { throw Self.unavailable }
                    return try result.get()
                }
                defer { group.cancelAll() }
                return try await group.next()!
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
