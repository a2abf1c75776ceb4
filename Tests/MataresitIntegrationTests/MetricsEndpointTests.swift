import Foundation
import Logging
import MataresitAPI
import MataresitCore
import MataresitKafka
import MataresitRuntime
import Testing

@Suite("Operations: /metrics, /readyz and health report the running system")
struct MetricsEndpointTests {
    @Test("a scrape after some traffic shows every family, with counters where traffic happened")
    func scrapeShowsEveryFamily() async throws {
        try await TestDatabase.with { database in
            let tenant = try await TestTenant.create(in: database)
            try await RunningSystem.with(database: database, cluster: try TestCluster()) { system in
                // Unauthenticated and unknown requests: each still emits an event that the stage projects.
                for _ in 0..<3 { _ = try await system.request("GET", "/api/v1/health") }
                _ = try await system.request("GET", "/api/v1/no-such-route")
                // A method outside the labelled set: `other`.
                _ = try await system.request("PROPFIND", "/api/v1/health")
                _ = try await system.request("GET", "/api/v1/health", key: tenant.key.value)
                // Metrics are process-wide and suites run in parallel, so wait on this system's own projection.
                let projected = try await eventually {
                    try await database.scalar("SELECT count(*) FROM api_access_logs") >= 5
                }
                #expect(projected, "this system's stage projected its requests")
                let scrape = try await system.request("GET", "/metrics")
                #expect(scrape.status == 200)
                #expect(scrape.header("Content-Type")?.hasPrefix("text/plain") == true)
                let metrics = try PrometheusSamples(String(decoding: scrape.raw, as: UTF8.self))

                #expect(
                    metrics.total("mataresit_http_requests_total", ["route": "/api/v1/health", "status": "401"]) >= 3)
                #expect(metrics.total("mataresit_http_requests_total", ["route": "unmatched"]) >= 1)
                #expect(metrics.total("mataresit_http_requests_total", ["method": "other"]) >= 1)
                #expect(metrics.total("mataresit_http_requests_total", ["method": "PROPFIND"]) == 0)
                #expect(metrics.total("mataresit_http_request_duration_seconds_count") >= 5)
                #expect(metrics.types["mataresit_http_request_duration_seconds"] == "histogram")
                #expect(metrics.total("mataresit_events_produced_total") >= 5)
                #expect(metrics.total("mataresit_stage_events_total", ["stage": "requests"]) >= 5)
                #expect(metrics.total("mataresit_stage_rows_written_total", ["stage": "requests"]) >= 5)
                #expect(metrics.total("mataresit_stage_batch_duration_seconds_count", ["stage": "requests"]) >= 1)
                #expect(
                    metrics.has("mataresit_kafka_up"),
                    "a process-wide gauge: other suites point systems at dead brokers")
                #expect(metrics.total("mataresit_db_pool_max_connections") > 0)
                #expect(metrics.total("mataresit_db_connections") >= 1)
                for family in [
                    "mataresit_consumer_lag_messages", "mataresit_consumer_lag_seconds",
                    "mataresit_producer_queue_depth",
                    "mataresit_spool_events", "mataresit_rate_limited_requests_total",
                    "mataresit_database_errors_total",
                    "mataresit_stage_undecodable_total", "mataresit_stage_dead_letters_total",
                    "mataresit_cache_hits_total"
                ] {
                    #expect(metrics.has(family), "\(family) missing from /metrics")
                }
                let lagged = metrics.samples.filter { $0.name == "mataresit_consumer_lag_messages" }
                // Metrics are process-wide and suites run in parallel: other systems' stages report too.
                #expect(lagged.contains { $0.labels["stage"] == "requests" })
                #expect(lagged.allSatisfy { $0.labels["stage"] != nil && $0.labels["partition"] != nil })
            }
        }
    }

    @Test("readyz and health report Postgres, Kafka and lag")
    func readinessAndHealth() async throws {
        try await TestDatabase.with { database in
            let tenant = try await TestTenant.create(in: database)
            try await RunningSystem.with(database: database, cluster: try TestCluster()) { system in
                let ready = try await system.request("GET", "/readyz")
                #expect(ready.status == 200)
                #expect(ready.json?["status"] as? String == "ready")
                #expect(ready.json?["kafka"] as? Bool == true)
                #expect(ready.json?["database"] as? Bool == true)
                let health = try await system.request("GET", "/api/v1/health", key: tenant.key.value)
                #expect(health.status == 200, "\(String(decoding: health.raw, as: UTF8.self))")
                #expect(health.data?["kafka"] as? Bool == true)
                #expect(health.data?["lag"] is [Any])
            }
        }
    }
}

@Suite("Operations: readiness turns degraded when Kafka is unreachable")
struct ReadinessDegradedTests {
    @Test("/readyz answers 503 degraded and /performance says why, naming Kafka, while Postgres is fine")
    func kafkaDown() async throws {
        try await TestDatabase.with { database in
            let admin = try await TestTenant.create(in: database, scopes: [.adminAll])
            let system = MataresitSystem(
                database: database.configuration,
                kafka: KafkaConfiguration(bootstrapServers: "127.0.0.1:1", clientID: "readiness-test"),
                pipeline: try TestPipeline.load(), keyWrapper: try KeyWrapper(secret: RunningSystem.encryptionSecret),
                instanceName: "readiness-test", logger: Logger(label: "test-system"))
            let (ports, continuation) = AsyncStream<Int>.makeStream()
            var roles = MataresitSystem.Roles(
                api: APIConfiguration(host: "127.0.0.1", port: 0), onAPIRunning: { continuation.yield($0) })
            roles.spoolDirectory = NSTemporaryDirectory() + "mataresit-spool-" + UUID().uuidString
            defer { try? FileManager.default.removeItem(atPath: roles.spoolDirectory) }
            let configured = roles
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await system.run(configured, gracefulShutdownSignals: []) }
                defer { group.cancelAll() }
                var iterator = ports.makeAsyncIterator()
                let port = try #require(await iterator.next())
                let ready = try await RunningSystem(baseURL: "http://127.0.0.1:\(port)").request("GET", "/readyz")
                #expect(ready.status == 503)
                #expect(ready.json?["status"] as? String == "degraded")
                #expect(ready.json?["kafka"] as? Bool == false)
                #expect(ready.json?["database"] as? Bool == true)
                let performance = try await RunningSystem(baseURL: "http://127.0.0.1:\(port)")
                    .send("GET", "/api/v1/performance", key: admin.key)
                let health = performance.data?["health"] as? [String: Any]
                #expect(
                    performance.data?["status"] as? String == "degraded" && health?["status"] as? String == "degraded")
                #expect((health?["issues"] as? [String])?.contains { $0.contains("kafka is unreachable") } == true)
            }
        }
    }
}
