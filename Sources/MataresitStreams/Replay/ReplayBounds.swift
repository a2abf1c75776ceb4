/// Which events a replay applies. Unbounded (the default) rebuilds the whole stage and swaps it in. A bounded
/// replay (`--from`/`--to`) builds only that window: a row-per-event stage (the access log) then overwrites the
/// window's live rows in place; an aggregate stays in the shadow schema for inspection, since swapping a partial
/// history in would drop the events outside it.
public struct ReplayBounds: Sendable, Equatable {
    /// Skip offsets below this in every partition.
    public var fromOffset: Int64?
    /// Skip events that happened before this (µs since 1970).
    public var fromMicros: Int64?
    /// Skip events that happened at or after this (µs since 1970).
    public var toMicros: Int64?

    public init(fromOffset: Int64? = nil, fromMicros: Int64? = nil, toMicros: Int64? = nil) {
        self.fromOffset = fromOffset
        self.fromMicros = fromMicros
        self.toMicros = toMicros
    }

    public var isUnbounded: Bool { fromOffset == nil && fromMicros == nil && toMicros == nil }

    func admits(offset: Int64) -> Bool { offset >= (fromOffset ?? 0) }

    func admits(eventMicros: Int64) -> Bool {
        eventMicros >= (fromMicros ?? .min) && eventMicros < (toMicros ?? .max)
    }
}
