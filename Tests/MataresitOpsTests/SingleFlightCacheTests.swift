import MataresitRuntime
import Synchronization
import Testing

@Suite("Single-flight cache of operational probes")
struct SingleFlightCacheTests {
    @Test("many callers at once load once; a stale value is served while one reload runs")
    func loadsOnce() async throws {
        let loads = Atomic<Int>(0)
        let cache = SingleFlightCache(maxAge: .milliseconds(200)) { () async -> Int in
            let number = loads.add(1, ordering: .relaxed).newValue
            try? await Task.sleep(for: .milliseconds(100))
            return number
        }
        let first = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<50 { group.addTask { await cache.value() } }
            return await group.reduce(into: Set<Int>()) { $0.insert($1) }
        }
        #expect(first == [1])
        #expect(loads.load(ordering: .relaxed) == 1)
        try await Task.sleep(for: .milliseconds(250))
        let stale = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<50 { group.addTask { await cache.value() } }
            return await group.reduce(into: Set<Int>()) { $0.insert($1) }
        }
        #expect(stale == [1], "the previous value while the reload runs")
        #expect(await cache.value(fresh: true) == 2, "fresh waits for the reload already running")
        #expect(loads.load(ordering: .relaxed) == 2)
    }
}
