import Foundation
import MataresitCore
import Testing

@Suite("No event lost while the broker is down")
struct SpoolTests {
    /// `MATARESIT_OUTAGE_SECONDS` (default 5; the long version is 60) of broker outage under steady load
    /// from 4 clients: the API's p99 during the outage is printed beside the p99 before it, no request waits on
    /// the broker, and every event arrives exactly once after the broker returns.
    @Test("broker down under steady load: latency unchanged, every event arrives once")
    func outageUnderSteadyLoad() async throws {
        let outage = ProcessInfo.processInfo.environment["MATARESIT_OUTAGE_SECONDS"].flatMap(Int.init) ?? 5
        try await TestDatabase.with { database in
            var keys: [String] = []
            for _ in 0..<60 { keys.append(try await TestTenant.create(in: database, tier: .max).key.value) }
            let cluster = try TestCluster()
            let spoolFolder = NSTemporaryDirectory() + "mataresit-spool-" + UUID().uuidString
            defer { try? FileManager.default.removeItem(atPath: spoolFolder) }
            try await RunningSystem.with(
                database: database, cluster: cluster,
                configure: { roles in
                    roles.deliveryTimeout = .seconds(2)
                    roles.spoolDirectory = spoolFolder
                }
            ) { system in
                // Many keys, so the load stays under the max tier's 400 requests a minute per key.
                let load = SteadyLoad(system: system, keys: keys)
                let before = try await load.run(for: .seconds(3))
                cluster.cluster.setBrokerDown(1, true)
                let during = try await load.run(for: .seconds(outage))
                #expect(await Self.spoolHasSegments(spoolFolder), "undeliverable events went to the on-disk spool")
                cluster.cluster.setBrokerDown(1, false)
                let after = try await load.run(for: .seconds(2))
                print(
                    "OUTAGE \(outage) s: requests before/during/after \(before.count)/\(during.count)/\(after.count); "
                        + "p99 before \(before.p99Ms) ms, during \(during.p99Ms) ms, after \(after.p99Ms) ms; "
                        + "statuses during \(during.statuses)")
                #expect(Set(during.statuses.keys).isSubset(of: [200, 429]), "clients never see the outage")
                // Not a speed test: a request that waited on the broker would take the delivery timeout (2 s).
                #expect(during.p99Ms < 1_000, "requests during the outage waited: p99 \(during.p99Ms) ms")
                let sent = before.count + during.count + after.count
                let arrived = try await eventually(timeout: .seconds(120), every: .milliseconds(500)) {
                    try await database.scalar("SELECT count(*) FROM api_access_logs") >= sent
                }
                #expect(arrived, "every spooled event was drained to Kafka and projected")
                #expect(
                    try await database.scalar("SELECT count(*) FROM api_access_logs") == sent, "none lost, none doubled"
                )
                #expect(try await database.scalar("SELECT count(DISTINCT event_id) FROM api_access_logs") == sent)
            }
        }
    }

    static func spoolHasSegments(_ folder: String) async -> Bool {
        await eventually(timeout: .seconds(30)) {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            return files.contains { $0.hasSuffix(".seg") }
        }
    }
}

/// Four clients sending authenticated health requests back to back for a while, rotating over `keys`;
/// latencies and statuses.
struct SteadyLoad {
    let system: RunningSystem
    let keys: [String]

    struct Phase {
        var latenciesMs: [Double] = []
        var statuses: [Int: Int] = [:]
        var count: Int { latenciesMs.count }
        var p99Ms: Int {
            let sorted = latenciesMs.sorted()
            return sorted.isEmpty ? 0 : Int(sorted[min(sorted.count - 1, sorted.count * 99 / 100)].rounded())
        }
    }

    func run(for duration: Duration) async throws -> Phase {
        let end = ContinuousClock.now + duration
        return try await withThrowingTaskGroup(of: Phase.self) { group in
            for client in 0..<4 {
                group.addTask {
                    var phase = Phase(), index = client
                    while ContinuousClock.now < end {
                        let started = ContinuousClock.now
                        index += 4
                        let status = try await system.request("GET", "/api/v1/health", key: keys[index % keys.count])
                            .status
                        let elapsed = ContinuousClock.now - started
                        phase.latenciesMs.append(
                            Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1e3)
                        phase.statuses[status, default: 0] += 1
                    }
                    return phase
                }
            }
            var total = Phase()
            for try await phase in group {
                total.latenciesMs += phase.latenciesMs
                total.statuses.merge(phase.statuses, uniquingKeysWith: +)
            }
            return total
        }
    }
}
