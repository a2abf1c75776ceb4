import Foundation
import Logging
import MataresitCore
import MataresitStore
import MataresitStreams
import Testing

/// Erasure end to end: a user's requests (through the API and synthetic sealed events) mixed with another user's,
/// erased through `POST /admin/gdpr/erasures`, then `gdpr verify`'s scan of Postgres and the Kafka log is clean and
/// the other user's data is exactly as before. `MATARESIT_GDPR_TEST_EVENTS` sets the synthetic events per user
/// (default 1,000; the issue's figure is 10,000).
@Suite("GDPRErasure", .serialized)
struct GDPRErasureTests {
    static var eventsPerUser: Int {
        ProcessInfo.processInfo.environment["MATARESIT_GDPR_TEST_EVENTS"].flatMap(Int.init) ?? 1_000
    }

    @Test func erasureLeavesNothingReadableAndOthersIntact() async throws {
        try await TestDatabase.with { database in
            let cluster = try TestCluster()
            let erased = try await TestTenant.create(in: database)
            let other = try await TestTenant.create(in: database)
            try await other.join(erased.teamID, as: .member, in: database)
            let admin = try await TestTenant.create(in: database).key(scopes: [.adminAll], in: database)
            let fixture = try await GDPRFixture.make(erased: erased, other: other, database: database)
            // The archive in a bucket when the test command's moto runs (verify and replay read it there), else a folder.
            let folder = NSTemporaryDirectory() + "gdpr-archive-" + UUID().uuidString
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let archive: any ArchiveStorage =
                TestBucket.available ? try await TestBucket.make() : FolderArchiveStorage(root: folder)
            try await RunningSystem.with(
                database: database, cluster: cluster, stages: ["requests", "erasure", "archive"],
                trustedProxies: ["127.0.0.1"], configure: { $0.archive = archive }
            ) { system in
                try await fixture.sendRequests(through: system)
                try await fixture.produceSyntheticEvents(count: Self.eventsPerUser, to: cluster)
                let expected = fixture.apiRequests + 2 * Self.eventsPerUser
                #expect(try await fixture.waitForAccessLog(rows: expected, database: database))
                #expect(try await fixture.waitForUsage(ofOther: Self.eventsPerUser, database: database))
                let before = try await fixture.otherUsersSnapshot(database)
                #expect(try await fixture.verify(database, cluster).isClean == false, "a live user must not verify")

                let response = try await system.request(
                    "POST", "/api/v1/admin/gdpr/erasures", key: admin.value,
                    body: Data(#"{"user_id":"\#(erased.user.id.lowercased)","reason":"ticket-42"}"#.utf8))
                #expect(response.status == 202)
                let erasureID = try #require(response.data?["erasure_id"] as? String)
                let erasure = try #require(UUID(uuidString: erasureID))
                let applied = try await eventually(timeout: .seconds(30)) {
                    try await database.scalar("SELECT count(*) FROM gdpr_erasures WHERE erasure_id = \(erasure)") == 1
                }
                #expect(applied)

                let report = try await fixture.verify(database, cluster)
                #expect(report.isClean, "\(report.lines.joined(separator: "\n"))")
                #expect((report.log?.eventsScanned ?? 0) >= expected)
                #expect((report.log?.sealedValuesOfSubject ?? 0) >= 2 * Self.eventsPerUser)
                let after = try await fixture.otherUsersSnapshot(database)
                #expect(after == before)
                try await fixture.expectReceiptAndTransfer(database, erasureID: erasureID)
                var probes = 0
                let refused = try await eventually(timeout: .seconds(5)) {
                    probes += 1
                    return try await system.request("GET", "/api/v1/me", key: erased.key.value).status == 401
                }
                #expect(refused, "the erased user's key must stop working")
                // Every request emits one event: the erasure request and each probe of the key.
                let produced = expected + 1 + probes
                try await expectReplayAfterErasure(fixture, database, cluster, archive: archive, events: produced)
            }
        }
    }

    /// Replay from the archive (and then Kafka) after the erasure rebuilds everyone's projections exactly as they
    /// were, and brings none of the erased user's personal data back: the events still hold it, sealed under the
    /// destroyed key.
    func expectReplayAfterErasure(
        _ fixture: GDPRFixture, _ database: TestDatabase, _ cluster: TestCluster, archive: any ArchiveStorage,
        events: Int
    ) async throws {
        // Settled: every event this test produced has its access-log row, and each of the two stages has
        // committed at least that many offsets (nothing else writes to the topic).
        func settled() async throws -> Bool {
            let rows = try await database.scalar("SELECT count(*) FROM api_access_logs")
            let offsets = try await database.scalar(
                """
                SELECT count(*) FROM (SELECT stage, sum(next_offset) AS total FROM stage_offsets
                WHERE topic = \(Topics.apiRequests) AND stage IN ('requests', 'archive') GROUP BY stage) s
                WHERE total >= \(events)
                """)
            return rows == events && offsets == 2
        }
        #expect(try await eventually(timeout: .seconds(30), settled), "the stages did not reach all \(events) events")
        let before = try await TestReplay.snapshot(database)
        for stage in ["requests"] {
            let outcome = try await TestReplay.run(stage, cluster, database, archive, kafka: true)
            #expect(outcome.swapped && outcome.events > 0)
        }
        let after = try await TestReplay.snapshot(database)
        #expect(
            after == before,
            "lost: \(Set(before).subtracting(after).prefix(5)), new: \(Set(after).subtracting(before).prefix(5))")
        let report = try await fixture.verify(database, cluster, archive: archive)
        #expect(report.isClean, "\(report.lines.joined(separator: "\n"))")
        #expect(
            (report.archive?.sealedValuesOfSubject ?? 0) >= 2 * Self.eventsPerUser,
            "the archive scan saw the sealed values")
    }

    @Test("the audit stage held back until after the erasure: its rows come in pseudonymised and verify is clean")
    func auditStageAfterErasure() async throws {
        try await TestDatabase.with { database in
            let cluster = try TestCluster()
            let erased = try await TestTenant.create(in: database)
            let admin = try await TestTenant.create(in: database).key(scopes: [.adminAll], in: database)
            var erasureID = ""
            try await RunningSystem.with(database: database, cluster: cluster, stages: ["erasure"]) { system in
                let created = try await system.send(
                    "POST", "/api/v1/keys", key: erased.key, json: ["name": "second", "scopes": ["receipts:read"]])
                #expect(created.status == 201)
                let response = try await system.request(
                    "POST", "/api/v1/admin/gdpr/erasures", key: admin.value,
                    body: Data(#"{"user_id":"\#(erased.user.id.lowercased)"}"#.utf8))
                #expect(response.status == 202)
                erasureID = try #require(response.data?["erasure_id"] as? String)
                let erasure = try #require(UUID(uuidString: erasureID))
                #expect(
                    try await eventually(timeout: .seconds(30)) {
                        try await database.scalar("SELECT count(*) FROM gdpr_erasures WHERE erasure_id = \(erasure)")
                            == 1
                    })
            }
            #expect(try await database.scalar("SELECT count(*) FROM audit_logs WHERE chain = 'audit'") == 0)
            try await RunningSystem.with(database: database, cluster: cluster, stages: ["audit"]) { _ in
                let recorded = try await eventually(timeout: .seconds(30)) {
                    try await database.scalar(
                        """
                        SELECT count(*) FROM audit_logs WHERE chain = 'audit' AND (event_type = 'api_key_created'
                            OR (event_type = 'gdpr_erasure_requested' AND details->>'erasure_id' = \(erasureID)))
                        """) == 2
                }
                #expect(recorded, "the audit stage recorded the key creation and the erasure request")
            }
            let user = erased.user.id
            #expect(
                try await database.scalar(
                    """
                    SELECT count(*) FROM audit_logs
                    WHERE user_id = \(user) OR actor_user_id = \(user) OR lower(target_id) = \(user.lowercased)
                    """) == 0)
            #expect(
                try await database.scalar(
                    "SELECT count(*) FROM audit_logs WHERE chain = 'audit' AND pseudonymised_at IS NOT NULL AND personal_salt IS NULL"
                ) == 2)
            let report = try await ErasureVerifier(
                client: database.client, keyWrapper: try KeyWrapper(secret: RunningSystem.encryptionSecret),
                kafka: cluster.configuration, topics: cluster.pipeline.topics.map(\.name), archive: nil,
                logger: Logger(label: "gdpr-verify")
            ).verify(userID: user, probes: [erased.user.email])
            #expect(report.isClean, "\(report.lines.joined(separator: "\n"))")
            #expect(try await AuditChainVerifier(client: database.client, logger: database.logger).verify().isIntact)
        }
    }

    @Test func erasureRequestsAreValidated() async throws {
        try await TestDatabase.with { database in
            let cluster = try TestCluster()
            let tenant = try await TestTenant.create(in: database)
            let admin = try await TestTenant.create(in: database).key(scopes: [.adminAll], in: database)
            try await RunningSystem.with(database: database, cluster: cluster, stages: []) { system in
                let path = "/api/v1/admin/gdpr/erasures"
                let forbidden = try await system.request(
                    "POST", path, key: tenant.key.value,
                    body: Data(#"{"user_id":"\#(tenant.user.id.lowercased)"}"#.utf8))
                #expect(forbidden.status == 403)
                for body in [#"{}"#, #"{"user_id":"nope"}"#, #"{"user_id":42}"#] {
                    let bad = try await system.request("POST", path, key: admin.value, body: Data(body.utf8))
                    #expect(bad.status == 400, "\(body)")
                    #expect(bad.json?["code"] as? String == "VALIDATION_ERROR")
                }
                let unknown = try await system.request(
                    "POST", path, key: admin.value, body: Data(#"{"user_id":"\#(UUID().lowercased)"}"#.utf8))
                #expect(unknown.status == 404)
                #expect(try await database.scalar("SELECT count(*) FROM users WHERE id = \(tenant.user.id)") == 1)
            }
        }
    }

    @Test func exportHoldsTheCallersOwnDataOnly() async throws {
        try await TestDatabase.with { database in
            let cluster = try TestCluster()
            let mine = try await TestTenant.create(in: database)
            let theirs = try await TestTenant.create(in: database)
            try await RunningSystem.with(database: database, cluster: cluster) { system in
                for (tenant, merchant) in [(mine, "Mine Mart"), (theirs, "Their Shop")] {
                    let created = try await system.request(
                        "POST", "/api/v1/receipts", key: tenant.key.value,
                        body: Data(#"{"merchant":"\#(merchant)","date":"2026-01-02","total":12.5}"#.utf8))
                    #expect(created.status == 201)
                    let searched = try await system.send(
                        "POST", "/api/v1/search", key: tenant.key,
                        json: ["query": merchant + " lunch", "sources": ["receipts"]])
                    #expect(searched.status == 200)
                }
                let export = try await system.request("GET", "/api/v1/me/export", key: mine.key.value)
                #expect(export.status == 200)
                let data = try #require(export.data)
                #expect((data["profile"] as? [String: Any])?["email"] as? String == mine.user.email)
                let receipts = try #require(data["receipts"] as? [[String: Any]])
                #expect(receipts.map { $0["merchant"] as? String } == ["Mine Mart"])
                let keys = try #require(data["api_keys"] as? [[String: Any]])
                #expect(!keys.isEmpty && keys.allSatisfy { $0["key_hash"] == nil })
                let searches = try #require(data["search_history"] as? [[String: Any]])
                #expect(searches.map { $0["query"] as? String } == ["Mine Mart lunch"])
                #expect(!String(decoding: export.raw, as: UTF8.self).contains("Their Shop"))
            }
        }
    }
}
