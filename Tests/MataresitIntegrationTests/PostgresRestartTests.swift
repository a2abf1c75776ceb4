import Foundation
import Logging
import MataresitCore
import MataresitRuntime
import MataresitStreams
import Testing

/// Postgres stops mid-run (fast shutdown drops every connection) and comes back: reads fail fast with the error
/// envelope (503), the API keeps emitting an event per request, the stages pause and resume, and the counts are
/// exact. Runs on a private cluster of its own, since it stops the server.
@Suite("Postgres restart", .serialized)
struct PostgresRestartTests {
    @Test("reads answer 503 fast while Postgres is down, events keep flowing, every stage resumes, counts exact")
    func restartMidRun() async throws {
        let folder = NSTemporaryDirectory() + "mataresit-pg-restart-" + UUID().uuidString.prefix(8)
        let postgres = LocalPostgres(folder: folder, port: 20_000 + Int.random(in: 0..<10_000))
        let logger = Logger(label: "test-postgres-restart")
        try postgres.start(logger: logger)
        defer {
            try? postgres.stop()
            try? FileManager.default.removeItem(atPath: folder)
        }
        try await TestDatabase.with(server: postgres.configuration) { database in
            let tenant = try await TestTenant.create(in: database, tier: .max)
            let cluster = try TestCluster()
            let archive = folder + "-archive"
            defer { try? FileManager.default.removeItem(atPath: archive) }
            // Every stage of the pipeline: each must pause through the outage (the archive stage once ended the
            // whole process instead).
            try await RunningSystem.with(
                database: database, cluster: cluster, stages: cluster.pipeline.stages.map(\.name),
                configure: { $0.archive = FolderArchiveStorage(root: archive) }
            ) { system in
                var sent = 0
                for _ in 0..<50 {
                    #expect(try await system.request("GET", "/api/v1/receipts", key: tenant.key.value).status == 200)
                    sent += 1
                }
                #expect(try await eventually(timeout: .seconds(30)) { try await rows(database) == sent })

                try postgres.stop()
                var slowest: Duration = .zero, statuses: [Int: Int] = [:], codes: Set<String> = []
                // Five rounds of six requests at once: each answer is timed on its own, and the outage costs
                // seconds of the suite rather than a minute.
                for _ in 0..<5 {
                    let answers = try await withThrowingTaskGroup(of: (HTTPResult, Duration).self) { group in
                        for _ in 0..<6 {
                            group.addTask {
                                let started = ContinuousClock.now
                                let answer = try await system.request("GET", "/api/v1/receipts", key: tenant.key.value)
                                return (answer, ContinuousClock.now - started)
                            }
                        }
                        return try await group.reduce(into: []) { $0.append($1) }
                    }
                    for (answer, took) in answers {
                        slowest = max(slowest, took)
                        statuses[answer.status, default: 0] += 1
                        codes.insert(answer.code ?? "none")
                        sent += 1
                    }
                }
                print("POSTGRES DOWN: statuses \(statuses), codes \(codes), slowest answer \(slowest)")
                #expect(statuses.keys.allSatisfy { $0 == 503 || $0 == 200 }, "\(statuses)")
                #expect((statuses[503] ?? 0) >= 25, "reads fail while the database is down: \(statuses)")
                #expect(codes.isSubset(of: ["SERVICE_UNAVAILABLE", "none"]), "\(codes)")
                // Not a speed test: failing fast means not waiting out connection timeouts of many seconds.
                #expect(slowest < .seconds(5), "an answer took \(slowest) while the database was down")

                try postgres.start(logger: logger)
                let recovered = try await eventually(timeout: .seconds(60), every: .milliseconds(250)) {
                    sent += 1
                    return try await system.request("GET", "/api/v1/receipts", key: tenant.key.value).status == 200
                }
                #expect(recovered, "the API reads again once the database is back")
                let caughtUp = try await eventually(timeout: .seconds(90), every: .milliseconds(500)) {
                    try await rows(database) >= sent
                }
                #expect(caughtUp, "the stages resumed and projected every event, \(sent) sent")
                #expect(try await rows(database) == sent, "none lost, none doubled")
                #expect(try await database.scalar("SELECT count(DISTINCT event_id) FROM api_access_logs") == sent)
                let keyed = try await database.scalar(
                    "SELECT count(*) FROM api_access_logs WHERE api_key_id IS NOT NULL")
                let usageDone = try await eventually(timeout: .seconds(60)) {
                    try await database.scalar("SELECT COALESCE(sum(total_requests), 0)::bigint FROM api_key_usage")
                        == keyed
                }
                #expect(usageDone, "usage totals equal the keyed events in the access log")
            }
        }
    }

    func rows(_ database: TestDatabase) async throws -> Int {
        try await database.scalar("SELECT count(*) FROM api_access_logs")
    }
}
