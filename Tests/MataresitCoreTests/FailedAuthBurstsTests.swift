import MataresitCore
import Testing

@Suite("Failed-authentication bursts")
struct FailedAuthBurstsTests {
    @Test("one report per address per window, when the threshold is reached")
    func onePerBurst() {
        var bursts = FailedAuthBursts(threshold: 3, window: 60)
        let reports = (0..<10).compactMap { bursts.recordFailure(client: "a", now: Double($0)) }
        #expect(reports == [3])
        #expect(bursts.recordFailure(client: "b", now: 5) == nil, "another address has its own window")
    }

    @Test("a new window can burst again; failures spread out never do")
    func windows() {
        var bursts = FailedAuthBursts(threshold: 2, window: 10)
        #expect(bursts.recordFailure(client: "a", now: 0) == nil)
        #expect(bursts.recordFailure(client: "a", now: 1) == 2)
        #expect(bursts.recordFailure(client: "a", now: 11) == nil)
        #expect(bursts.recordFailure(client: "a", now: 12) == 2)
        var slow = FailedAuthBursts(threshold: 2, window: 10)
        let reports = (0..<5).compactMap { slow.recordFailure(client: "s", now: Double($0) * 20) }
        #expect(reports.isEmpty)
    }

    @Test("memory stays within capacity under many distinct addresses")
    func bounded() {
        var bursts = FailedAuthBursts(threshold: 5, window: 60, capacity: 100)
        for index in 0..<1_000 { _ = bursts.recordFailure(client: "10.0.\(index / 256).\(index % 256)", now: 1) }
        #expect(bursts.trackedClients <= 100)
    }
}

@Suite("Failed-auth lockout")
struct FailedAuthLockoutTests {
    @Test("an address is locked out from its lockout-th failure until its window ends; others are not")
    func lockout() {
        var bursts = FailedAuthBursts(threshold: 2, lockout: 3, window: 60)
        for second in 0..<2 { _ = bursts.recordFailure(client: "a", now: Double(second)) }
        #expect(bursts.lockedOut(client: "a", now: 2) == nil)
        _ = bursts.recordFailure(client: "a", now: 10)
        #expect(bursts.lockedOut(client: "a", now: 10) == 50)
        #expect(bursts.lockedOut(client: "a", now: 59.5) == 1)
        #expect(bursts.lockedOut(client: "a", now: 60) == nil, "the window ended")
        #expect(bursts.lockedOut(client: "b", now: 10) == nil)
    }
}
