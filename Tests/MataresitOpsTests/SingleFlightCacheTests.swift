import MataresitRuntime
import Synchronization
import Testing

@Suite("Single-flight cache of operational probes")
struct SingleFlightCacheTests {
    /// A clock the test moves, and loads that finish only when the test lets them: nothing waits on time.
    final class Harness: Sendable {
        let start = ContinuousClock.now
        let offset = Mutex(Duration.zero)
        let loads = Atomic<Int>(0)
        let permits = Mutex((granted: 0, waiting: [CheckedContinuation<Void, Never>]()))

        var now: ContinuousClock.Instant { start + offset.withLock { $0 } }
        func advance(by duration: Duration) { offset.withLock { $0 += duration } }

        func load() async -> Int {
            let number = loads.add(1, ordering: .relaxed).newValue
            await withCheckedContinuation { continuation in
                let ready = permits.withLock { permits in
                    if permits.granted > 0 { permits.granted -= 1; return true }
                    permits.waiting.append(continuation)
                    return false
                }
                if ready { continuation.resume() }
            }
            return number
        }

        /// Lets one load (running or next) finish.
        func finishOneLoad() {
            let waiter = permits.withLock { permits in
                if permits.waiting.isEmpty { permits.granted += 1; return nil as CheckedContinuation<Void, Never>? }
                return permits.waiting.removeFirst()
            }
            waiter?.resume()
        }
    }

    @Test("many callers at once load once; a stale value is served while one reload runs")
    func loadsOnce() async throws {
        let harness = Harness()
        let cache = SingleFlightCache(maxAge: .seconds(1), now: { harness.now }) { await harness.load() }
        let first = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<50 { group.addTask { await cache.value() } }
            harness.finishOneLoad()
            return await group.reduce(into: Set<Int>()) { $0.insert($1) }
        }
        #expect(first == [1])
        #expect(harness.loads.load(ordering: .relaxed) == 1)

        harness.advance(by: .milliseconds(999))
        #expect(await cache.value() == 1, "still fresh")
        #expect(harness.loads.load(ordering: .relaxed) == 1)

        harness.advance(by: .milliseconds(1))
        let stale = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<50 { group.addTask { await cache.value() } }
            return await group.reduce(into: Set<Int>()) { $0.insert($1) }
        }
        #expect(stale == [1], "the previous value while the reload runs (it has not been let finish)")
        async let fresh = cache.value(fresh: true)
        harness.finishOneLoad()
        #expect(await fresh == 2, "fresh waits for the reload already running")
        #expect(harness.loads.load(ordering: .relaxed) == 2, "one reload for 50 stale callers and the fresh one")
    }
}
