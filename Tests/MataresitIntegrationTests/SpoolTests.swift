import Foundation
import MataresitCore
import Testing

@Suite("No event lost while the broker is down")
struct SpoolTests {
    @Test("2,000 requests during a broker outage all reach the access log exactly once after it returns")
    func brokerOutage() async throws {
        try await TestDatabase.with { database in
            let tenant = try await TestTenant.create(in: database, tier: .max)
            let cluster = try TestCluster()
            let spoolFolder = NSTemporaryDirectory() + "mataresit-spool-" + UUID().uuidString
            try await RunningSystem.with(
                database: database, cluster: cluster,
                configure: { roles in
                    roles.deliveryTimeout = .seconds(2)
                    roles.spoolDirectory = spoolFolder
                }
            ) { system in
                try await Self.outage(system: system, database: database, cluster: cluster, key: tenant.key.value, spool: spoolFolder)
            }
            #expect(try await database.scalar("SELECT count(*) FROM api_access_logs") == 2_001)
            #expect(try await database.scalar("SELECT count(DISTINCT event_id) FROM api_access_logs") == 2_001)
        }
    }

    static func outage(system: RunningSystem, database: TestDatabase, cluster: TestCluster, key: String, spool: String)
        async throws
    {
        let warmUp = try await system.request("GET", "/api/v1/health", key: key)
        #expect(warmUp.status == 200)
        let projected = try await eventually { try await database.scalar("SELECT count(*) FROM api_access_logs") == 1 }
        try #require(projected, "the stage is running before the outage")

        cluster.cluster.setBrokerDown(1, true)
        let statuses = try await requests(system: system, key: key, count: 2_000)
        #expect(Set(statuses.keys).isSubset(of: [200, 429]), "clients never see the outage")
        #expect(await spoolHasSegments(spool), "undeliverable events went to the on-disk spool")

        cluster.cluster.setBrokerDown(1, false)
        let arrived = try await eventually(timeout: .seconds(90), every: .milliseconds(500)) {
            try await database.scalar("SELECT count(*) FROM api_access_logs") >= 2_001
        }
        #expect(arrived, "every spooled event was drained to Kafka and projected")
    }

    static func requests(system: RunningSystem, key: String, count: Int) async throws -> [Int: Int] {
        var statuses: [Int: Int] = [:]
        for _ in 0..<count {
            let result = try await system.request("GET", "/api/v1/health", key: key)
            statuses[result.status, default: 0] += 1
        }
        return statuses
    }

    static func spoolHasSegments(_ folder: String) async -> Bool {
        await eventually(timeout: .seconds(30)) {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            return files.contains { $0.hasSuffix(".seg") }
        }
    }
}
