import Synchronization

/// A value loaded at most once per `maxAge`, by one caller at a time: when it is stale, the first caller starts
/// the reload and everyone (that caller included) gets the previous value meanwhile; only the very first load is
/// waited for. Without this, every request arriving as the value expired reloaded it: under load, 50 health
/// requests at once each asked Postgres and every partition's watermark.
public final class SingleFlightCache<Value: Sendable>: Sendable {
    private struct State {
        var value: Value?
        var loadedAt: ContinuousClock.Instant?
        var loading: Task<Value, Never>?
    }

    private let state = Mutex(State())
    private let maxAge: Duration
    private let now: @Sendable () -> ContinuousClock.Instant
    private let load: @Sendable () async -> Value

    /// `now` is the clock ages are measured on (tests move it by hand).
    public init(
        maxAge: Duration, now: @escaping @Sendable () -> ContinuousClock.Instant = { .now },
        load: @escaping @Sendable () async -> Value
    ) {
        self.maxAge = maxAge
        self.now = now
        self.load = load
    }

    /// The value; when it is stale, the previous one (while one reload runs), or with `fresh` the reloaded one
    /// (a metrics scrape must show the gauges the reload records).
    public func value(fresh: Bool = false) async -> Value {
        let (current, loading) = state.withLock { state -> (Value?, Task<Value, Never>?) in
            if let value = state.value, let at = state.loadedAt, now() - at < maxAge { return (value, nil) }
            if state.loading == nil { state.loading = Task { await self.reload() } }
            return (fresh ? nil : state.value, state.loading)
        }
        if let current { return current }
        return await loading!.value
    }

    private func reload() async -> Value {
        let value = await load()
        let loadedAt = now()
        state.withLock { $0 = State(value: value, loadedAt: loadedAt, loading: nil) }
        return value
    }
}
