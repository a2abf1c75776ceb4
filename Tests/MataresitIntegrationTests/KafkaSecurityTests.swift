import Foundation
import Logging
import MataresitCore
import MataresitKafka
import Testing

/// Kafka security settings against the embedded broker, which listens in plaintext: a client told to speak TLS
/// fails its handshake with an error that says so, within its time-out, and the API keeps answering meanwhile,
/// its events waiting in the spool.
@Suite("Kafka security settings")
struct KafkaSecurityTests {
    @Test("TLS against a plaintext listener: a clear error within the time-out; the API answers, events are spooled")
    func tlsAgainstPlaintext() async throws {
        let certificates = try TestCertificates()
        defer { certificates.remove() }
        var cluster = try TestCluster()
        cluster.properties = ["security.protocol": "ssl", "ssl.ca.location": certificates.authority]
        let admin = try KafkaAdmin(configuration: cluster.configuration, logger: Logger(label: "test-kafka-tls"))
        let started = ContinuousClock.now
        await #expect(throws: KafkaError.self) {
            _ = try await admin.partitionCount(topic: Topics.apiRequests, timeout: .seconds(3))
        }
        #expect(ContinuousClock.now - started < .seconds(6), "the configured time-out holds")
        let cause = try #require(admin.lastConnectionError)
        #expect(cause.contains("SSL") || cause.contains("security.protocol"), "librdkafka says why: \(cause)")

        try await TestDatabase.with { database in
            let tenant = try await TestTenant.create(in: database, tier: .max)
            let spool = NSTemporaryDirectory() + "mataresit-spool-" + UUID().uuidString
            defer { try? FileManager.default.removeItem(atPath: spool) }
            try await RunningSystem.with(
                database: database, cluster: cluster, stages: [],
                configure: { roles in
                    roles.deliveryTimeout = .seconds(2)
                    roles.spoolDirectory = spool
                }
            ) { system in
                for _ in 0..<5 {
                    let status = try await system.request("GET", "/api/v1/health", key: tenant.key.value).status
                    #expect(status == 200)
                }
                #expect(await SpoolTests.spoolHasSegments(spool), "undeliverable events wait in the spool")
            }
        }
    }
}
