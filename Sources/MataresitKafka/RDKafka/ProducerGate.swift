import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Lets ``KafkaProducer/send(topic:partition:key:value:)`` use the raw handle without a lock while
/// guaranteeing shutdown frees it only after the last such use: a count of callers inside, plus a
/// closed bit that keeps new callers out.
final class ProducerGate: Sendable {
    private static let closedBit = 1 << 62
    private let state = Atomic<Int>(0)

    /// Runs `body` unless the gate is closed.
    func withOpenGate<T>(_ body: () throws -> T) rethrows -> T? {
        let entered = state.wrappingAdd(1, ordering: .acquiring).newValue
        defer { state.wrappingSubtract(1, ordering: .releasing) }
        guard entered & Self.closedBit == 0 else { return nil }
        return try body()
    }

    /// Closes the gate; returns false when it was already closed.
    @discardableResult
    func close() -> Bool {
        state.bitwiseOr(Self.closedBit, ordering: .acquiringAndReleasing).oldValue & Self.closedBit == 0
    }

    var isClosed: Bool { state.load(ordering: .acquiring) & Self.closedBit != 0 }

    /// Blocks the calling (dedicated) thread until no caller is inside; call after ``close()``.
    func waitUntilEmpty() {
        while state.load(ordering: .acquiring) & ~Self.closedBit != 0 {
            sched_yield()
        }
    }
}
