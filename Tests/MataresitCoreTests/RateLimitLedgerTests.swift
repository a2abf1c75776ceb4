import MataresitCore
import Testing

/// The lease function of the shared store, as an in-memory twin (the real one is a Postgres function).
final class LeaseTwin {
    var granted: [String: Int] = [:]

    func lease(_ request: RateLimitLedger.LeaseRequest) -> (now: Int, total: Int) {
        let id = "\(request.keyID)|\(request.window.name)|\(request.windowStart)"
        let total = granted[id, default: 0]
        let now = min(request.want, max(0, request.window.limit - total))
        granted[id] = total + now
        return (now, total + now)
    }
}

/// Drives a ledger like `RateLimiter` does: take, lease when asked, take again.
func decide(_ ledger: inout RateLimitLedger, _ store: LeaseTwin, key: String, windows: [RateLimitPolicy.Window],
            now: Int64) -> RateLimitLedger.Action {
    for _ in 0..<8 {
        let action = ledger.take(keyID: key, windows: windows, now: now)
        guard case .lease(let requests) = action else { return action }
        for request in requests {
            let result = store.lease(request)
            ledger.record(request, grantedNow: result.now, grantedTotal: result.total)
        }
    }
    Issue.record("ledger kept asking for leases")
    return .lease([])
}

@Suite("Rate-limit ledger")
struct RateLimitLedgerTests {
    let free = RateLimitPolicy.defaults.windows(for: .free)

    @Test("a fresh key leases before its first request, then spends locally")
    func leasesThenSpends() {
        var ledger = RateLimitLedger()
        guard case .lease(let requests) = ledger.take(keyID: "k", windows: free, now: 1_000) else {
            Issue.record("expected a lease request")
            return
        }
        #expect(requests.map(\.window.name) == ["minute", "hour", "day"])
        let store = LeaseTwin()
        guard case .allow(let status) = decide(&ledger, store, key: "k", windows: free, now: 1_000) else {
            Issue.record("expected the request to be allowed")
            return
        }
        #expect(status.limit == 15, "the minute window is the tightest")
        #expect(status.remaining == 14)
        #expect(status.resetAt == 1_020)
    }

    @Test("the window's limit is never exceeded, and a denial says when to retry")
    func deniesAtLimit() {
        var ledger = RateLimitLedger()
        let store = LeaseTwin()
        var allowed = 0
        var lastDenial: RateLimitStatus?
        for _ in 0..<40 {
            switch decide(&ledger, store, key: "k", windows: free, now: 600) {
            case .allow: allowed += 1
            case .deny(let status): lastDenial = status
            case .lease: break
            }
        }
        #expect(allowed == 15)
        #expect(lastDenial?.remaining == 0)
        #expect(lastDenial?.retryAfter == 60)
    }

    @Test("a new minute brings new tokens; the hour keeps counting")
    func windowsRoll() {
        var ledger = RateLimitLedger()
        let store = LeaseTwin()
        for _ in 0..<15 { _ = decide(&ledger, store, key: "k", windows: free, now: 60) }
        guard case .deny = decide(&ledger, store, key: "k", windows: free, now: 119) else {
            Issue.record("the minute is spent")
            return
        }
        guard case .allow(let status) = decide(&ledger, store, key: "k", windows: free, now: 120) else {
            Issue.record("a new minute allows again")
            return
        }
        #expect(status.remaining == 14)
    }

    @Test("instances sharing one store admit at most the limit together", arguments: [2, 3, 5])
    func instancesShareTheLimit(instances: Int) {
        var ledgers = Array(repeating: RateLimitLedger(), count: instances)
        let store = LeaseTwin()
        let pro = RateLimitPolicy.defaults.windows(for: .pro)
        var allowed = 0
        for request in 0..<500 {
            if case .allow = decide(&ledgers[request % instances], store, key: "k", windows: pro, now: 3_600) {
                allowed += 1
            }
        }
        #expect(allowed <= 80)
        #expect(allowed >= 80 - instances * (80 / 20), "at most one lease stranded per instance")
    }

    @Test("lease sizes: a twentieth of the limit, a quarter of what is left, at least one")
    func leaseSizes() {
        #expect(RateLimitLedger.leaseSize(limit: 15, granted: 0) == 1)
        #expect(RateLimitLedger.leaseSize(limit: 1_000, granted: 0) == 50)
        #expect(RateLimitLedger.leaseSize(limit: 1_000, granted: 980) == 5)
        #expect(RateLimitLedger.leaseSize(limit: 1_000, granted: 999) == 1)
    }

    @Test("the seed's variables override the pro hour and burst")
    func overrides() {
        let policy = RateLimitPolicy.defaults.overridden(windowSeconds: 1_800, proMaxRequests: 500, proBurst: 40)
        #expect(policy.windows(for: .pro).map(\.limit) == [100, 500, 10_000])
        #expect(policy.windows(for: .pro)[1].seconds == 1_800)
        #expect(policy.windows(for: .free).map(\.limit) == [15, 100, 1_000])
    }
}
