import Foundation
import MataresitAPI
import MataresitCore
import MataresitStore
import Synchronization
import Testing

@Suite("Rate limits hold across API instances")
struct RateLimitTests {
    @Test("two instances driven alternately by one free key admit at most the minute limit (15)")
    func limitAcrossInstances() async throws {
        try await TestDatabase.with { database in
            let tenant = try await TestTenant.create(in: database, tier: .free)
            let cluster = try TestCluster()
            try await RunningSystem.with(database: database, cluster: cluster, stages: []) { first in
                try await RunningSystem.with(database: database, cluster: cluster, stages: []) { second in
                    var statuses: [Int] = []
                    var limited: HTTPResult?
                    try await Self.awayFromMinuteBoundary()
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
                    let admitted = statuses.filter { $0 == 200 }.count
                    #expect(admitted <= 15, "never more than the limit across instances")
                    #expect(admitted >= 13, "at most one token stranded per instance")
                    #expect(statuses.allSatisfy { $0 == 200 || $0 == 429 })
                    let denial = try #require(limited)
                    #expect(denial.json?["code"] as? String == "RATE_LIMIT_EXCEEDED")
                    #expect(denial.header("X-Error-Code") == "RATE_LIMIT_EXCEEDED")
                    #expect(Int(denial.header("Retry-After") ?? "") ?? 0 >= 1)
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
            try await RunningSystem.with(database: database, cluster: try TestCluster(), stages: []) { system in
                try await Self.awayFromMinuteBoundary()
                var admitted = 0
                for index in 0..<30 {
                    let key = index.isMultiple(of: 2) ? tenant.key : second
                    if try await system.request("GET", "/api/v1/health", key: key.value).status == 200 { admitted += 1 }
                }
                #expect(admitted <= 15, "two keys of one free user admitted \(admitted) in a minute of 15")
                #expect(admitted >= 13)
            }
        }
    }

    /// Waits out the last seconds of a minute, so a run of requests falls in one fixed minute window.
    static func awayFromMinuteBoundary() async throws {
        let second = Int(Date().timeIntervalSince1970) % 60
        if second >= 50 { try await Task.sleep(for: .seconds(61 - second)) }
    }

    @Test("a burst of first requests on one instance leases only what it uses: the other instance still admits")
    func burstLeavesTokensForOtherInstances() async throws {
        try await TestDatabase.with { database in
            let store = RateLimitLeaseStore(client: database.client, logger: database.logger)
            let first = RateLimiter(policy: .defaults, leases: store), second = RateLimiter(policy: .defaults, leases: store)
            let key = UUID()
            // 40 requests at once on one instance, with the pro tier's 80 a minute.
            let verdicts = try await withThrowingTaskGroup(of: RateLimiter.Verdict.self) { group in
                for _ in 0..<40 { group.addTask { try await first.check(subject: key, tier: .pro) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(verdicts.allSatisfy { if case .allowed = $0 { true } else { false } })
            let leased = try await database.scalar(
                "SELECT COALESCE(max(granted), 0)::bigint FROM rate_limit_leases WHERE api_key_id = \(key) AND window_name = 'minute'")
            #expect(leased < 80, "the burst leased \(leased) of the minute's 80 tokens")
            // The same key on another instance, 41 requests into a window of 80: admitted.
            let next = try await second.check(subject: key, tier: .pro)
            guard case .allowed(let status) = next else {
                Issue.record("the second instance refused the key at 41 of 80: \(next)")
                return
            }
            #expect(status.remaining >= 0)
        }
    }

    @Test("a key whose leases keep running dry is answered 429, never an error (a 503 in a 5-minute load run)")
    func leasesRunningDryAnswer429() async throws {
        try await TestDatabase.with { database in
            // Every check finds its minute window rolled over, so every token it leases belongs to a window gone by
            // its next attempt: the leases run dry for good, as they did at a minute boundary under load.
            let ticks = Mutex<Int64>(1_800_000_000)
            let limiter = RateLimiter(
                policy: .defaults, leases: RateLimitLeaseStore(client: database.client, logger: database.logger),
                clock: { ticks.withLock { $0 += 60; return $0 } })
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
            try await RunningSystem.with(database: database, cluster: try TestCluster(), stages: []) { system in
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
