import Foundation
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
                _ = try await system.request("GET", "/api/v1/health", key: tenant.key.value)
                var scrape = try await system.request("GET", "/metrics")
                let projected = try await eventually {
                    scrape = try await system.request("GET", "/metrics")
                    let text = String(decoding: scrape.raw, as: UTF8.self)
                    return try PrometheusSamples(text).total("mataresit_stage_events_total", ["stage": "access-log"]) >= 5
                }
                #expect(projected, "\(String(decoding: scrape.raw, as: UTF8.self))")
                #expect(scrape.status == 200)
                #expect(scrape.header("Content-Type")?.hasPrefix("text/plain") == true)
                let metrics = try PrometheusSamples(String(decoding: scrape.raw, as: UTF8.self))

                #expect(metrics.total("mataresit_http_requests_total", ["route": "/api/v1/health", "status": "401"]) >= 3)
                #expect(metrics.total("mataresit_http_requests_total", ["route": "unmatched"]) >= 1)
                #expect(metrics.total("mataresit_http_request_duration_seconds_count") >= 5)
                #expect(metrics.types["mataresit_http_request_duration_seconds"] == "histogram")
                #expect(metrics.total("mataresit_events_produced_total") >= 5)
                #expect(metrics.total("mataresit_stage_events_total", ["stage": "access-log"]) >= 5)
                #expect(metrics.total("mataresit_stage_rows_written_total", ["stage": "access-log"]) >= 5)
                #expect(metrics.total("mataresit_stage_batch_duration_seconds_count", ["stage": "access-log"]) >= 1)
                #expect(metrics.total("mataresit_kafka_up") == 1)
                #expect(metrics.total("mataresit_db_pool_max_connections") > 0)
                #expect(metrics.total("mataresit_db_connections") >= 1)
                for family in [
                    "mataresit_consumer_lag_messages", "mataresit_consumer_lag_seconds", "mataresit_producer_queue_depth",
                    "mataresit_spool_events", "mataresit_rate_limited_requests_total", "mataresit_database_errors_total",
                    "mataresit_stage_undecodable_total", "mataresit_stage_dead_letters_total", "mataresit_cache_hits_total",
                ] {
                    #expect(metrics.has(family), "\(family) missing from /metrics")
                }
                let lagged = metrics.samples.filter { $0.name == "mataresit_consumer_lag_messages" }
                #expect(lagged.allSatisfy { $0.labels["stage"] == "access-log" && $0.labels["partition"] != nil })
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
