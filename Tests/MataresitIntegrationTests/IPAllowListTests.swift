import Foundation
import Logging
import MataresitCore
import MataresitKafka
import MataresitRuntime
import MataresitStore
import Testing

/// `ENABLE_IP_WHITELIST` with per-key allowed addresses set through `/keys`: other clients get 403
/// ACCESS_DENIED and an `ip_denied` security event whose client address is sealed under the owner's key.
@Suite("IP allow-list")
struct IPAllowListTests {
    static let allowed = "203.0.113.9", denied = "198.51.100.7", narrowedOut = "2001:db8:5::1"

    @Test(
        "keys with allowed addresses refuse other clients, count the refusals in sealed ip_denied events per window; off: not enforced"
    )
    func allowList() async throws {
        try await TestDatabase.with { database in
            let alice = try await TestTenant.create(in: database, tier: .pro)
            let cluster = try TestCluster()
            // 1 + 5 refusals from one address and 1 from another: counted, not one event per request. Read while the
            // system runs: its 1 s windows are published as they end.
            let (restricted, events) = try await RunningSystem.with(
                database: database, cluster: cluster, stages: [], trustedProxies: ["127.0.0.1"],
                configure: { $0.api?.ipAllowList = true }
            ) { system in
                let restricted = try await enforced(system, alice: alice)
                return (
                    restricted, try await securityEvents(in: cluster, untilIPDenied: 7).filter { $0.kind == .ipDenied }
                )
            }
            try await RunningSystem.with(
                database: database, cluster: cluster, stages: [], trustedProxies: ["127.0.0.1"]
            ) {
                system in
                let result = try await system.send(restricted, from: Self.denied, "/api/v1/me")
                #expect(result.status == 200, "ENABLE_IP_WHITELIST=false: lists are kept but not enforced")
            }
            #expect(events.reduce(0) { $0 + Int($1.count) } == 7)
            #expect(events.count < 7, "refusals are aggregated per key, address and route per window")
            #expect(events.allSatisfy { $0.route == "/api/v1/me" && $0.method == "GET" })
            #expect(events.allSatisfy { $0.userID == alice.user.id && $0.apiKeyID != nil })
            let keys = SubjectKeyStore(
                client: database.client, wrapper: try KeyWrapper(secret: RunningSystem.encryptionSecret),
                logger: database.logger)
            let dataKey = try #require(try await keys.existingKey(for: Subject.user(alice.user.id)))
            // Windows that end together are published in no particular order: compare the set of addresses.
            let addresses = try events.map { try PersonalDataSealer.open(try #require($0.clientIP), key: dataKey) }
            #expect(Set(addresses) == [Self.denied, Self.narrowedOut], "\(addresses)")
        }
    }

    /// Returns the restricted key for the check with enforcement off.
    func enforced(_ system: RunningSystem, alice: TestTenant) async throws -> APIKeySecret {
        let invalid = try await system.send(
            "POST", "/api/v1/keys", key: alice.key, json: ["name": "bad list", "allowedIps": ["10.0.0.1/33", "host"]])
        #expect(invalid.status == 400 && invalid.invalidFields.contains("allowedIps[0]"))

        let created = try await system.send(
            "POST", "/api/v1/keys", key: alice.key,
            json: ["name": "office only", "scopes": ["profile:read"], "allowedIps": ["203.0.113.1/24", "2001:db8::/32"]]
        )
        #expect(created.status == 201)
        #expect(created.data?["allowed_ips"] as? [String] == ["203.0.113.0/24", "2001:db8:0:0:0:0:0:0/32"])
        let secretText = try #require(created.data?["apiKey"] as? String)
        let secret = try #require(APIKeySecret(secretText))
        let id = try #require(created.data?["id"] as? String)

        #expect(try await system.send(secret, from: Self.allowed, "/api/v1/me").status == 200)
        #expect(try await system.send(secret, from: Self.narrowedOut, "/api/v1/me").status == 200)
        let refused = try await system.send(secret, from: Self.denied, "/api/v1/me")
        #expect(refused.status == 403 && refused.code == "ACCESS_DENIED")
        #expect(refused.header("X-Error-Code") == "ACCESS_DENIED")
        for _ in 0..<5 { #expect(try await system.send(secret, from: Self.denied, "/api/v1/me").status == 403) }
        #expect(
            try await system.send(alice.key, from: Self.denied, "/api/v1/me").status == 200,
            "keys without a list: any address")

        let listed = try await system.send("GET", "/api/v1/keys/\(id)", key: alice.key)
        #expect(listed.data?["allowed_ips"] as? [String] == ["203.0.113.0/24", "2001:db8:0:0:0:0:0:0/32"])
        let cleared = try await system.send("PATCH", "/api/v1/keys/\(id)", key: alice.key, json: ["allowedIps": []])
        #expect(cleared.status == 403 && cleared.code == "INSUFFICIENT_PERMISSIONS", "emptying a list lifts the limit")
        let narrowed = try await system.send(
            "PATCH", "/api/v1/keys/\(id)", key: alice.key, json: ["allowedIps": ["203.0.113.0/24"]])
        #expect(narrowed.data?["allowed_ips"] as? [String] == ["203.0.113.0/24"])
        let narrowedOut = try await awaitStatus(403) {
            try await system.send(secret, from: Self.narrowedOut, "/api/v1/me")
        }
        #expect(narrowedOut.status == 403, "narrowed: at once on this instance")
        return secret
    }

    /// The audit topic's security events, read until their `ip_denied` counts add up to `expected` (or 20 s passed).
    func securityEvents(in cluster: TestCluster, untilIPDenied expected: Int) async throws -> [SecurityEvent] {
        let partitions = try #require(cluster.pipeline.topic(named: Topics.audit)?.partitions)
        var starts: [TopicPartition: StartPosition] = [:]
        for number in 0..<partitions { starts[TopicPartition(topic: Topics.audit, partition: number)] = .beginning }
        let consumer = try KafkaConsumer(
            configuration: cluster.configuration, assignment: starts, logger: Logger(label: "test"))
        var events: [SecurityEvent] = []
        let deadline = ContinuousClock.now + .seconds(20)
        func denied() -> Int { events.filter { $0.kind == .ipDenied }.reduce(0) { $0 + Int($1.count) } }
        while ContinuousClock.now < deadline && denied() < expected {
            for message in try await consumer.poll(maxMessages: 100, maxWait: .milliseconds(200)) {
                #expect(!String(decoding: message.value, as: UTF8.self).contains(Self.denied), "never in the clear")
                if case .securityEvent(let event)? = try? EventCodec.decode(message.value).payload {
                    events.append(event)
                }
            }
        }
        await consumer.close()
        return events
    }
}

extension RunningSystem {
    /// GET as a client behind the local (trusted) proxy at `address`.
    func send(_ key: APIKeySecret, from address: String, _ path: String) async throws -> HTTPResult {
        try await request("GET", path, key: key.value, headers: ["X-Forwarded-For": address])
    }
}
