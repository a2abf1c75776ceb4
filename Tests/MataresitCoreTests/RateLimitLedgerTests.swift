import MataresitCore
import Testing

/// Drives a ledger like `RateLimiter` does: take, lease from the cells when asked, record, take again.
func decide(
    _ ledger: inout RateLimitLedger, _ cells: inout RateLimitCells, subject: String = "u",
    windows: [RateLimitPolicy.Window], now: Int64
) -> RateLimitLedger.Action {
    for _ in 0..<8 {
        let action = ledger.take(subject: subject, windows: windows, now: now)
        guard case .lease(let want) = action else { return action }
        let grant = cells.take(subject: subject, windows: windows, want: want, now: now)
        ledger.record(subject: subject, want: want, grant: grant, windows: windows, now: now)
    }
    Issue.record("ledger kept asking for leases")
    return .lease(want: 0)
}

let oneSecond: Int64 = 1_000_000_000

/// The most admissions in any interval of `length` nanoseconds, given admission times in order.
func busiestInterval(_ times: [Int64], length: Int64) -> Int {
    var best = 0, start = 0
    for end in times.indices {
        while times[end] - times[start] > length { start += 1 }
        best = max(best, end - start + 1)
    }
    return best
}

@Suite("Rate-limit ledger and GCRA cells")
struct RateLimitLedgerTests {
    let free = RateLimitPolicy.defaults.windows(for: .free)
    let pro = RateLimitPolicy.defaults.windows(for: .pro)

    @Test("a fresh subject leases one admission, then reports its tightest window")
    func leasesThenSpends() {
        var ledger = RateLimitLedger()
        #expect(ledger.take(subject: "u", windows: free, now: 1_000 * oneSecond) == .lease(want: 1))
        var cells = RateLimitCells()
        guard case .allow(let status) = decide(&ledger, &cells, windows: free, now: 1_000 * oneSecond) else {
            Issue.record("expected the request to be allowed")
            return
        }
        #expect(status.limit == 15, "the minute window is the tightest")
        #expect(status.remaining == 4, "the free minute's burst is 5")
        #expect(status.resetAt == 1_006, "one emission interval (60 s / 10) until the burst is whole again")
    }

    @Test("an idle subject gets its burst at once, then one admission per interval; a refusal says when to retry")
    func burstThenInterval() {
        var ledger = RateLimitLedger(), cells = RateLimitCells()
        var allowed = 0
        var lastRefusal: RateLimitStatus?
        for _ in 0..<40 {
            switch decide(&ledger, &cells, windows: free, now: 600 * oneSecond) {
            case .allow: allowed += 1
            case .deny(let status): lastRefusal = status
            case .lease: break
            }
        }
        #expect(allowed == 5)
        #expect(lastRefusal?.remaining == 0)
        #expect(lastRefusal?.retryAfter == 6)
        #expect(lastRefusal?.limit == 15)
        guard case .deny = decide(&ledger, &cells, windows: free, now: 605 * oneSecond) else {
            Issue.record("the next admission is due at 606 s")
            return
        }
        guard case .allow = decide(&ledger, &cells, windows: free, now: 606 * oneSecond) else {
            Issue.record("one interval after the burst, one more is admitted")
            return
        }
    }

    @Test("a refused subject is refused from memory until its next admission is due")
    func refusalFromMemory() {
        var ledger = RateLimitLedger(), cells = RateLimitCells()
        for _ in 0..<6 { _ = decide(&ledger, &cells, windows: free, now: 10 * oneSecond) }
        guard case .deny = ledger.take(subject: "u", windows: free, now: 12 * oneSecond) else {
            Issue.record("expected a refusal without a lease")
            return
        }
        #expect(ledger.take(subject: "u", windows: free, now: 16 * oneSecond) == .lease(want: 1))
    }

    @Test(
        "instances sharing the cells never admit more than burst + (interval + lease lifetime) / emission interval",
        arguments: [1, 2, 3, 5])
    func instancesShareTheLimit(instances: Int) {
        var ledgers = Array(repeating: RateLimitLedger(), count: instances)
        var cells = RateLimitCells()
        var generator = SplitMix(seed: UInt64(instances))
        var admitted: [Int64] = []
        var now: Int64 = 7_200 * oneSecond
        for request in 0..<20_000 {
            now += Int64(generator.next() % 40_000_000)  // 0-40 ms apart: far above the tier's rate
            if case .allow = decide(&ledgers[request % instances], &cells, windows: pro, now: now) {
                admitted.append(now)
            }
        }
        for window in pro {
            let bound =
                window.effectiveBurst
                + Int((window.seconds * oneSecond + RateLimitLedger.leaseLifetime) / window.emissionIntervalNanoseconds)
            let busiest = busiestInterval(admitted, length: window.seconds * oneSecond)
            #expect(busiest <= bound, "\(window.name): \(busiest) admitted in one window, bound \(bound)")
        }
        #expect(busiestInterval(admitted, length: oneSecond) <= 20 + 2, "any second: the burst and two intervals")
        let minute = busiestInterval(admitted, length: 60 * oneSecond)
        #expect(minute >= 60, "under load, a minute admits at least its sustained rate (\(minute))")
    }

    @Test("lease sizes: one, doubled while each lease is spent in time, at most a quarter of the smallest burst")
    func leaseSizes() {
        var ledger = RateLimitLedger(), cells = RateLimitCells()
        let max = RateLimitPolicy.defaults.windows(for: .max)
        var wants: [Int] = []
        for _ in 0..<60 {
            if case .lease(let want) = ledger.take(subject: "u", windows: max, now: 50 * oneSecond) {
                wants.append(want)
                let grant = cells.take(subject: "u", windows: max, want: want, now: 50 * oneSecond)
                ledger.record(subject: "u", want: want, grant: grant, windows: max, now: 50 * oneSecond)
                _ = ledger.take(subject: "u", windows: max, now: 50 * oneSecond)
            }
        }
        #expect(wants.prefix(6) == [1, 2, 4, 8, 16, 25])
        #expect(ledger.take(subject: "u", windows: max, now: 52 * oneSecond) == .lease(want: 1), "expired: start over")
    }

    @Test("the Swift cells: a grant is what every window conforms to, and idle cells forget")
    func cells() {
        var cells = RateLimitCells()
        let grant = cells.take(subject: "u", windows: free, want: 100, now: 0)
        #expect(grant.granted == 5)
        #expect(grant.windows.map(\.remaining) == [0, 10, 95])
        #expect(grant.windows[0].retryAfterNanoseconds == 6 * oneSecond)
        #expect(cells.take(subject: "u", windows: free, want: 1, now: 6 * oneSecond - 1).granted == 0)
        #expect(cells.take(subject: "u", windows: free, want: 1, now: 6 * oneSecond).granted == 1)
        #expect(cells.take(subject: "v", windows: free, want: 3, now: 6 * oneSecond).granted == 3, "subjects are apart")
    }

    @Test("GCRA parameters: interval from the sustained rate, tolerance from the burst, sane clamps")
    func parameters() {
        #expect(pro[0].emissionIntervalNanoseconds == oneSecond)
        #expect(pro[0].toleranceNanoseconds == 19 * oneSecond)
        let one = RateLimitPolicy.Window(name: "w", seconds: 60, limit: 1, burst: 10)
        #expect(
            one.effectiveBurst == 1 && one.toleranceNanoseconds == 0
                && one.emissionIntervalNanoseconds == 60 * oneSecond)
        let huge = RateLimitPolicy.Window(name: "w", seconds: 60, limit: 1_000_000_000)
        #expect(huge.emissionIntervalNanoseconds >= 1)
    }

    @Test("the seed's variables override the pro hour and burst")
    func overrides() {
        let policy = RateLimitPolicy.defaults.overridden(windowSeconds: 1_800, proMaxRequests: 500, proBurst: 40)
        #expect(policy.windows(for: .pro).map(\.limit) == [100, 500, 10_000])
        #expect(policy.windows(for: .pro).map(\.burst) == [40, 100, 500])
        #expect(policy.windows(for: .pro)[1].seconds == 1_800)
        #expect(policy.windows(for: .free).map(\.limit) == [15, 100, 1_000])
        #expect(policy.windows(for: .free)[1].seconds == 1_800)
    }
}

/// A small deterministic generator, so a failing property run can be replayed.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
