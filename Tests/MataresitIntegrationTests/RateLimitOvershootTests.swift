import Foundation
import MataresitAPI
import MataresitCore
import Testing

/// Two API instances under concurrent load from one user: the most requests admitted in any second and in any window
/// length, against what the GCRA allows. In the test command the pro tier is scaled down in time (a 10 s window with a
/// burst of 5 and one request a second, so a run takes seconds); `MATARESIT_RATE_MEASURE_SECONDS=130` runs the real pro
/// minute (80 a minute, burst 20, its hour and day windows left out so they do not bind) for that long and prints the
/// figures.
@Suite("Rate-limit overshoot with two instances")
struct RateLimitOvershootTests {
    @Test("any window admits at most burst + (length + lease lifetime) / interval; any second at most burst + 2")
    func overshootAcrossInstances() async throws {
        let measuring = ProcessInfo.processInfo.environment["MATARESIT_RATE_MEASURE_SECONDS"].flatMap(Double.init)
        let windows =
            measuring == nil
            ? [RateLimitPolicy.Window(name: "minute", seconds: 10, limit: 15, burst: 5)]
            : [RateLimitPolicy.defaults.windows(for: .pro)[0]]
        let duration = measuring ?? 12
        let policy = RateLimitPolicy(windows: [.pro: windows])
        try await TestDatabase.with { database in
            let tenant = try await TestTenant.create(in: database, tier: .pro)
            let cluster = try TestCluster()
            let key = tenant.key.value
            let outcomes = try await RunningSystem.with(
                database: database, cluster: cluster, stages: [], configure: { $0.api?.rateLimitPolicy = policy }
            ) { first in
                try await RunningSystem.with(
                    database: database, cluster: cluster, stages: [], configure: { $0.api?.rateLimitPolicy = policy }
                ) { second in
                    let deadline = Date().addingTimeInterval(duration)
                    return try await withThrowingTaskGroup(of: Outcomes.self) { group in
                        for client in 0..<8 {
                            let system = client.isMultiple(of: 2) ? first : second
                            group.addTask { try await Self.hammer(system, key: key, until: deadline) }
                        }
                        return try await group.reduce(into: Outcomes()) {
                            $0.admitted += $1.admitted
                            $0.refused += $1.refused
                            $0.unavailable += $1.unavailable
                        }
                    }
                }
            }
            let times = outcomes.admitted.sorted()
            let window = windows[0]
            let second: Int64 = 1_000_000_000
            let interval = window.emissionIntervalNanoseconds
            let inSecond = Self.busiest(times, length: second)
            let inWindow = Self.busiest(times, length: window.seconds * second)
            print(
                "rate-limit overshoot, two instances, 8 clients, \(duration) s: \(times.count) admitted, "
                    + "\(outcomes.refused) refused, \(outcomes.unavailable) unavailable (503); busiest 1 s: \(inSecond) (burst \(window.effectiveBurst)); "
                    + "busiest \(window.seconds) s: \(inWindow) (limit \(window.limit))")
            let lifetime = RateLimitLedger.leaseLifetime
            #expect(inWindow <= window.effectiveBurst + Int((window.seconds * second + lifetime) / interval))
            #expect(inSecond <= window.effectiveBurst + Int((second + lifetime) / interval))
            #expect(outcomes.refused > 0, "the load exceeded the limit")
            // Not too strict either: over the run, at least the burst and the sustained rate less a second's worth.
            let sustained = Int((duration - 1) * 1e9) / Int(interval)
            #expect(times.count >= window.effectiveBurst + sustained - 2, "\(times.count) admitted in \(duration) s")
        }
    }

    struct Outcomes: Sendable {
        /// When each admitted request was decided (the midpoint of its round trip), in Unix nanoseconds.
        var admitted: [Int64] = []
        var refused = 0
        /// 503s: the database gate gave up on a slow database (the test command runs suites side by side on two
        /// cores). Neither admitted nor refused by the limiter, so they count towards neither bound.
        var unavailable = 0
    }

    /// One client's requests until `deadline` (at most 20,000).
    static func hammer(_ system: RunningSystem, key: String, until deadline: Date) async throws -> Outcomes {
        var outcomes = Outcomes()
        for _ in 0..<20_000 where Date() < deadline {
            let sent = nanoseconds()
            let result = try await system.request("GET", "/api/v1/health", key: key)
            switch result.status {
            case 200: outcomes.admitted.append(sent + (nanoseconds() - sent) / 2)
            case 429: outcomes.refused += 1
            case 503: outcomes.unavailable += 1
            default: Issue.record("unexpected status \(result.status)")
            }
        }
        return outcomes
    }

    static func nanoseconds() -> Int64 { Int64(Date().timeIntervalSince1970 * 1e9) }

    /// The most admissions in any interval of `length` nanoseconds, given admission times in order.
    static func busiest(_ times: [Int64], length: Int64) -> Int {
        var best = 0, start = 0
        for end in times.indices {
            while times[end] - times[start] > length { start += 1 }
            best = max(best, end - start + 1)
        }
        return best
    }
}
