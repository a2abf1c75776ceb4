import Foundation
import Logging
import MataresitCore
import MataresitRuntime
import Testing

@Suite("Operations: a worker without the API serves /metrics and the probes on its own port")
struct WorkerOperationsTests {
    @Test("stages only, METRICS_PORT set: /metrics shows the stage's families, /readyz is ready, nothing else routes")
    func workerServesMetrics() async throws {
        try await TestDatabase.with { database in
            let cluster = try TestCluster()
            let system = MataresitSystem(
                database: database.configuration, kafka: cluster.configuration, pipeline: cluster.pipeline,
                keyWrapper: try KeyWrapper(secret: RunningSystem.encryptionSecret), instanceName: "worker-ops-test",
                logger: Logger(label: "test-worker"))
            let (ports, continuation) = AsyncStream<Int>.makeStream()
            var roles = MataresitSystem.Roles(stages: ["requests"])
            roles.operationsAddress = ("127.0.0.1", 0)
            roles.onOperationsRunning = { continuation.yield($0) }
            let configured = roles
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await system.run(configured, gracefulShutdownSignals: []) }
                defer { group.cancelAll() }
                var iterator = ports.makeAsyncIterator()
                let worker = RunningSystem(baseURL: "http://127.0.0.1:\(try #require(await iterator.next()))")

                let assigned = try await eventually {
                    try await database.scalar("SELECT count(*) FROM stage_offsets WHERE stage = 'requests'") > 0
                }
                #expect(assigned, "the worker's stage took its partitions")
                let scrape = try await worker.request("GET", "/metrics")
                #expect(scrape.status == 200)
                let metrics = try PrometheusSamples(String(decoding: scrape.raw, as: UTF8.self))
                #expect(
                    metrics.samples.contains {
                        $0.name == "mataresit_consumer_lag_messages" && $0.labels["stage"] == "requests"
                    })
                #expect(metrics.has("mataresit_db_connections"))
                let ready = try await worker.request("GET", "/readyz")
                #expect(ready.status == 200)
                #expect(ready.json?["status"] as? String == "ready")
                let notServed = try await worker.request("GET", "/api/v1/health")
                #expect(notServed.status == 404, "a worker serves no API")
            }
        }
    }
}
