import Foundation
import Logging
import MataresitCore
import MataresitKafka
import MataresitStore
import MataresitStreams
import Testing

/// Two users' traffic for the erasure test: the erased user's requests carry a recognisable user agent and
/// address (the probes `gdpr verify` must not find), the other user's carry their own.
struct GDPRFixture {
    let erased: TestTenant
    let other: TestTenant
    let erasedKeyID: UUID
    let otherKeyID: UUID
    let dataKey: DataKeys
    let agent: String
    let address = "198.51.100.77"
    let apiRequests = 20

    struct DataKeys: Sendable {
        let erased: DataKey
        let other: DataKey
    }

    static func make(erased: TestTenant, other: TestTenant, database: TestDatabase) async throws -> GDPRFixture {
        let store = SubjectKeyStore(
            client: database.client, wrapper: try KeyWrapper(secret: RunningSystem.encryptionSecret),
            logger: database.logger)
        let erasedKey = try #require(try await store.keyCreatingIfMissing(for: Subject.user(erased.user.id)))
        let otherKey = try #require(try await store.keyCreatingIfMissing(for: Subject.user(other.user.id)))
        return GDPRFixture(
            erased: erased, other: other, erasedKeyID: try await keyID(of: erased, database),
            otherKeyID: try await keyID(of: other, database),
            dataKey: DataKeys(erased: erasedKey, other: otherKey),
            agent: "ErasureProbe-\(UUID().uuidString.prefix(8))/1.0")
    }

    static func keyID(of tenant: TestTenant, _ database: TestDatabase) async throws -> UUID {
        let rows = try await database.client.query(
            "SELECT id FROM api_keys WHERE user_id = \(tenant.user.id) ORDER BY created_at LIMIT 1",
            logger: database.logger)
        for try await id in rows.decode(UUID.self) { return id }
        throw StoreError.notFound("key")
    }

    /// Real requests: the API seals the address and agent under the user's key; one creates a receipt.
    func sendRequests(through system: RunningSystem) async throws {
        let headers = ["User-Agent": agent, "X-Forwarded-For": address]
        let created = try await system.request(
            "POST", "/api/v1/receipts", key: erased.key.value, headers: headers,
            body: Data(#"{"merchant":"Erased Mart","date":"2026-01-02","total":9.9}"#.utf8))
        #expect(created.status == 201)
        for index in 1..<apiRequests {
            let path = index % 2 == 0 ? "/api/v1/me" : "/api/v1/receipts?email=\(erased.user.email)"
            _ = try await system.request("GET", path, key: erased.key.value, headers: headers)
        }
    }

    /// Synthetic sealed events of both users, interleaved, produced straight into the topic.
    func produceSyntheticEvents(count: Int, to cluster: TestCluster) async throws {
        var events: [EventEnvelope] = []
        events.reserveCapacity(2 * count)
        let now = Date().microsecondsSince1970
        for index in 0..<count {
            events.append(
                try event(
                    index, user: erased.user.id, key: erasedKeyID, dataKey: dataKey.erased,
                    agent: agent, address: address, at: now + Int64(2 * index)))
            events.append(
                try event(
                    index, user: other.user.id, key: otherKeyID, dataKey: dataKey.other,
                    agent: "Other/2.0", address: "192.0.2.9", at: now + Int64(2 * index + 1)))
        }
        try await EventFactory.produce(events, to: cluster)
    }

    func event(
        _ index: Int, user: UUID, key: UUID, dataKey: DataKey, agent: String, address: String, at micros: Int64
    ) throws -> EventEnvelope {
        let subject = Subject.user(user)
        let request = ApiRequestEvent(
            apiKeyID: key, apiKeyPrefix: "mk_test_abcd", userID: user, tier: "pro", method: "GET",
            route: "/api/v1/receipts", path: "/api/v1/receipts", status: index % 7 == 0 ? 404 : 200,
            durationMicros: UInt64(900 + index % 500), rateLimit: .allowed,
            clientIP: try PersonalDataSealer.seal(address, subject: subject, key: dataKey),
            userAgent: try PersonalDataSealer.seal(agent, subject: subject, key: dataKey))
        return EventEnvelope(occurredAtMicros: micros, producer: "gdpr-test", payload: .apiRequest(request))
    }

    func waitForAccessLog(rows: Int, database: TestDatabase) async throws -> Bool {
        let users = [erased.user.id, other.user.id]
        return try await eventually(timeout: .seconds(60)) {
            try await database.scalar(
                "SELECT count(*) FROM api_access_logs WHERE user_id = ANY(\(users)::uuid[])") >= rows
        }
    }

    /// The usage-summary stage has counted every event of the other user's key.
    func waitForUsage(ofOther requests: Int, database: TestDatabase) async throws -> Bool {
        try await eventually(timeout: .seconds(60)) {
            try await database.scalar(
                "SELECT COALESCE(max(total_requests), 0) FROM api_key_usage WHERE api_key_id = \(otherKeyID)")
                >= requests
        }
    }

    /// Everything of the other user the erasure must not touch, as one comparable string.
    func otherUsersSnapshot(_ database: TestDatabase) async throws -> String {
        let rows = try await database.client.query(
            """
            SELECT concat_ws('|',
                (SELECT md5(string_agg(concat_ws(',', event_id, ip_address, user_agent, status_code, endpoint), ';'
                                        ORDER BY event_id)) FROM api_access_logs WHERE user_id = \(other.user.id)),
                (SELECT concat_ws(',', total_requests, error_count, sum_response_time_ms) FROM api_key_usage
                 WHERE api_key_id = \(otherKeyID)),
                (SELECT count(*) FROM api_keys WHERE user_id = \(other.user.id)),
                (SELECT count(*) FROM subject_keys WHERE subject = \(Subject.user(other.user.id)) AND wrapped_key IS NOT NULL),
                (SELECT email FROM users WHERE id = \(other.user.id)))
            """, logger: database.logger)
        for try await text in rows.decode(String.self) { return text }
        return ""
    }

    func verify(_ database: TestDatabase, _ cluster: TestCluster, archive: (any ArchiveStorage)? = nil) async throws
        -> ErasureVerifier.Report
    {
        try await ErasureVerifier(
            client: database.client, keyWrapper: try KeyWrapper(secret: RunningSystem.encryptionSecret),
            kafka: cluster.configuration, topics: cluster.pipeline.topics.map(\.name),
            archive: archive,
            logger: Logger(label: "gdpr-verify")
        ).verify(userID: erased.user.id, probes: [agent, address, erased.user.email])
    }

    /// The receipt is in the audit log without the erased id; the shared team now belongs to the other user.
    func expectReceiptAndTransfer(_ database: TestDatabase, erasureID: String) async throws {
        let rows = try await database.client.query(
            """
            SELECT details->>'receipts', details->>'access_log_rows_scrubbed', details::text, user_id
            FROM audit_logs WHERE event_type = 'gdpr_erasure_completed' AND details->>'erasure_id' = \(erasureID)
            """, logger: database.logger)
        var receipts = 0
        for try await (receiptCount, scrubbed, details, userID) in rows.decode((String, String, String, UUID?).self) {
            receipts += 1
            #expect(receiptCount == "1")
            #expect((Int(scrubbed) ?? 0) >= apiRequests)
            #expect(!details.contains(erased.user.id.lowercased) && userID == nil)
        }
        #expect(receipts == 1)
        #expect(
            try await database.scalar(
                "SELECT count(*) FROM teams WHERE id = \(erased.teamID) AND owner_id = \(other.user.id)") == 1)
        #expect(try await database.scalar("SELECT count(*) FROM api_access_logs WHERE user_id = \(erased.user.id)") > 0)
    }
}
