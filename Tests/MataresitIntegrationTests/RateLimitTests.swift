import Foundation
import MataresitAPI
import MataresitCore
import MataresitStore
import Synchronization
import Testing

@Suite("Rate limits hold across API instances")
struct RateLimitTests {
    @Test("two instances driven alternately by one free key admit its burst, then one request per interval")
    func limitAcrossInstances() async throws {
        try await TestDatabase.with { database in
            let tenant = try await TestTenant.create(in: database, tier: .free)
            let cluster = try TestCluster()
            try await RunningSystem.with(database: database, cluster: cluster, stages: [], rateLimits: .defaults) {
                first in
                try await RunningSystem.with(database: database, cluster: cluster, stages: [], rateLimits: .defaults) {
                    second in
                    var statuses: [Int] = []
                    var limited: HTTPResult?
                    let started = Date()
                    for index in 0..<40 {
                        let system = index.isMultiple(of: 2) ? first : second
                        let result = try await system.request("GET", "/api/v1/health", key: tenant.key.value)
                        statuses.append(result.status)
                        if result.status == 429 { limited = result }
                        if result.status == 200 {
                            #expect(result.header("X-RateLimit-Limit") == "15")
                            #expect(result.header("X-RateLimit-Tier") == "free")
                            #expect(Int(result.header("X-RateLimit-Remaining") ?? "") != nil)
                        }
                    }
                    // The free minute: a burst of 5, then one every 6 s (10 a minute), plus what one lease lifetime adds.
                    let elapsed = Date().timeIntervalSince(started)
                    let admitted = statuses.filter { $0 == 200 }.count
                    #expect(admitted <= 5 + Int((elapsed + 1) / 6), "\(admitted) admitted in \(elapsed) s")
                    #expect(admitted >= 5, "nothing stranded: the free tier leases one at a time")
                    #expect(statuses.allSatisfy { $0 == 200 || $0 == 429 })
                    let denial = try #require(limited)
                    #expect(denial.json?["code"] as? String == "RATE_LIMIT_EXCEEDED")
                    #expect(denial.header("X-Error-Code") == "RATE_LIMIT_EXCEEDED")
                    #expect((1...6).contains(Int(denial.header("Retry-After") ?? "") ?? 0))
                    #expect(denial.header("X-RateLimit-Remaining") == "0")
                }
            }
        }
    }

    @Test("all of a user's keys share the tier's limits: a second key buys no second allowance")
    func limitsArePerUser() async throws {
        try await TestDatabase.with { database in
            let tenant = try await TestTenant.create(in: database, tier: .free)
            let second = try await tenant.key(scopes: Scope.allButAdmin, in: database)
            try await RunningSystem.with(
                database: database, cluster: try TestCluster(), stages: [], rateLimits: .defaults
            ) { system in
                var admitted = 0
                let started = Date()
                for index in 0..<30 {
                    let key = index.isMultiple(of: 2) ? tenant.key : second
                    if try await system.request("GET", "/api/v1/health", key: key.value).status == 200 { admitted += 1 }
                }
                let elapsed = Date().timeIntervalSince(started)
                #expect(
                    admitted <= 5 + Int((elapsed + 1) / 6), "two keys of one free user: \(admitted) in \(elapsed) s")
                #expect(admitted >= 5)
            }
        }
    }

    @Test("a burst of first requests on one instance leases only what it uses: the other instance still admits")
    func burstLeavesAdmissionsForOtherInstances() async throws {
        try await TestDatabase.with { database in
            let store = RateLimitCellStore(client: database.client, logger: database.logger)
            let first = RateLimiter(policy: .defaults, cells: store),
                second = RateLimiter(policy: .defaults, cells: store)
            let user = UUID()
            // 10 requests at once on one instance, with the pro tier's burst of 20.
            let verdicts = try await withThrowingTaskGroup(of: RateLimiter.Verdict.self) { group in
                for _ in 0..<10 { group.addTask { try await first.check(subject: user, tier: .pro) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(verdicts.allSatisfy { if case .allowed = $0 { true } else { false } })
            // The same user on another instance: at most a lease of 5 (a quarter of the burst) is stranded.
            for index in 0..<5 {
                let next = try await second.check(subject: user, tier: .pro)
                guard case .allowed = next else {
                    Issue.record("the second instance refused request \(index + 11) of a burst of 20: \(next)")
                    return
                }
            }
        }
    }

    @Test("the Postgres cells grant what the GCRA allows: the burst at once, then nothing until the next interval")
    func cellsInPostgres() async throws {
        try await TestDatabase.with { database in
            let store = RateLimitCellStore(client: database.client, logger: database.logger)
            let free = RateLimitPolicy.defaults.windows(for: .free)
            let user = UUID()
            let burst = try await store.take(subject: user, windows: free, want: 100)
            #expect(burst.granted == 5)
            #expect(burst.windows.map(\.remaining) == [0, 10, 95])
            let retry = Double(burst.windows[0].retryAfterNanoseconds) / 1e9
            #expect(retry > 5 && retry <= 6, "the next admission is one interval (6 s) after the burst: \(retry)")
            let refused = try await store.take(subject: user, windows: free, want: 1)
            #expect(refused.granted == 0 && refused.windows[0].remaining == 0)
            #expect(try await store.take(subject: UUID(), windows: free, want: 2).granted == 2, "users are apart")
            let idle = UUID()
            _ = try await database.client.query(
                "INSERT INTO rate_limit_cells (subject, window_name, arrival_ns) VALUES (\(idle), 'minute', 0)",
                logger: database.logger)
            #expect(try await store.pruneIdle() >= 1)
            #expect(
                try await database.scalar("SELECT count(*)::bigint FROM rate_limit_cells WHERE subject = \(idle)") == 0)
            let cells = try await database.scalar(
                "SELECT count(*)::bigint FROM rate_limit_cells WHERE subject = \(user)")
            #expect(cells == 3, "one cell per window, kept while it is not idle")
        }
    }

    @Test("a key whose leases keep running dry is answered 429, never an error (a 503 in a 5-minute load run)")
    func leasesRunningDryAnswer429() async throws {
        try await TestDatabase.with { database in
            // Every check finds its lease expired (the clock moves 2 s a call, past the 1 s lease lifetime), so every
            // admission it leases is gone by its next attempt: the leases run dry for good, as under heavy contention.
            let ticks = Mutex<Int64>(1_800_000_000 * 1_000_000_000)
            let limiter = RateLimiter(
                policy: .defaults, cells: RateLimitCellStore(client: database.client, logger: database.logger),
                clock: {
                    ticks.withLock {
                        $0 += 2_000_000_000; return $0
                    }
                })
            let verdict = try await limiter.check(subject: UUID(), tier: .pro)
            guard case .limited(let status) = verdict else {
                Issue.record("expected 429, got \(verdict)")
                return
            }
            #expect(status.retryAfter == 1 && status.remaining == 0)
        }
    }

    @Test("error responses of authenticated requests carry the rate-limit headers too")
    func headersOnErrors() async throws {
        try await TestDatabase.with { database in
            let tenant = try await TestTenant.create(in: database, tier: .max)
            try await RunningSystem.with(
                database: database, cluster: try TestCluster(), stages: [], rateLimits: .defaults
            ) { system in
                let missing = try await system.request("GET", "/api/v1/no-such-thing", key: tenant.key.value)
                #expect(missing.status == 404)
                let invalid = try await system.request(
                    "POST", "/api/v1/receipts", key: tenant.key.value, body: Data("{}".utf8))
                #expect(invalid.status == 400)
                #expect(invalid.header("X-RateLimit-Limit") == "400")
                #expect(invalid.header("X-RateLimit-Tier") == "max")
            }
        }
    }
}
