import Foundation
import MataresitCore
import MataresitStore
import Testing

@testable import MataresitRuntime

@Suite("Key-expiry job and ledger pruning")
struct KeyExpiryJobTests {
    static let settings = KeyExpiryJob.Settings(flagOldKeys: true, maxAgeDays: 90, ledgerKeepDays: 14)

    func job(
        _ database: TestDatabase, publisher: CollectingPublisher, owner: String,
        settings: KeyExpiryJob.Settings = settings
    ) -> KeyExpiryJob {
        KeyExpiryJob(
            client: database.client, publisher: publisher, settings: settings, owner: owner, logger: database.logger)
    }

    /// A key of the tenant created `ageDays` ago, expiring `expiresInHours` from now (nil: never).
    @discardableResult
    func key(of tenant: TestTenant, ageDays: Int, expiresInHours: Int?, in database: TestDatabase) async throws -> UUID
    {
        let secret = APIKeySecret.generate(mode: .test)
        let expiry = expiresInHours.map { Date().addingTimeInterval(Double($0) * 3600) }
        let rows = try await database.client.query(
            """
            INSERT INTO api_keys (user_id, name, key_hash, key_prefix, scopes, created_at, expires_at)
            VALUES (\(tenant.user.id), 'job key', \(secret.hash), \(secret.displayPrefix), \(["receipts:read"]),
                    now() - make_interval(days => \(ageDays)::integer), \(expiry))
            RETURNING id
            """, logger: database.logger)
        for try await id in rows.decode(UUID.self) { return id }
        throw StoreError.notFound("inserted key")
    }

    @Test("two workers running today's job at once: one wins, each expired key is deactivated and audited once")
    func concurrentDailyRuns() async throws {
        try await TestDatabase.with { database in
            let tenant = try await TestTenant.create(in: database)
            var expired: Set<UUID> = []
            for hours in [-1, -30, -24 * 20] {
                expired.insert(try await key(of: tenant, ageDays: 40, expiresInHours: hours, in: database))
            }
            let fresh = try await key(of: tenant, ageDays: 1, expiresInHours: 48, in: database)
            let old = try await key(of: tenant, ageDays: 120, expiresInHours: nil, in: database)
            let first = CollectingPublisher(), second = CollectingPublisher()
            async let a = job(database, publisher: first, owner: "worker-a").runDaily()
            async let b = job(database, publisher: second, owner: "worker-b").runDaily()
            let reports = [try await a, try await b].compactMap { $0 }
            #expect(reports.count == 1, "exactly one worker runs the day's job")
            #expect(reports.first?.expired == 3)
            #expect(reports.first?.flagged == 1, "only the active key older than 90 days")
            let events = first.published + second.published
            #expect(
                Set(
                    events.compactMap { event -> UUID? in
                        guard case .apiKeyLifecycle(let change) = event.payload, change.action == .expired else {
                            return nil
                        }
                        return change.apiKeyID
                    }) == expired)
            #expect(events.count == 3)
            #expect(
                try await database.scalar("SELECT count(*) FROM api_keys WHERE is_active AND expires_at <= now()") == 0)
            #expect(try await database.scalar("SELECT count(*) FROM api_keys WHERE id = \(fresh) AND is_active") == 1)
            #expect(
                try await database.scalar(
                    "SELECT count(*) FROM api_keys WHERE id = \(old) AND rotation_due_at IS NOT NULL") == 1)
            #expect(
                try await database.scalar("SELECT count(*) FROM audit_logs WHERE event_type = 'api_key_expired'") == 3)
            #expect(
                try await job(database, publisher: first, owner: "worker-c").runDaily() == nil, "today's run is taken")
            #expect(try await AuditChainVerifier(client: database.client, logger: database.logger).verify().isIntact)
        }
    }

    @Test("on-demand runs beside each other never expire or audit a key twice; flags only when rotation is on")
    func concurrentOnDemandRuns() async throws {
        try await TestDatabase.with { database in
            let tenant = try await TestTenant.create(in: database)
            for _ in 0..<5 { try await key(of: tenant, ageDays: 10, expiresInHours: -2, in: database) }
            try await key(of: tenant, ageDays: 200, expiresInHours: nil, in: database)
            var settings = Self.settings
            settings.flagOldKeys = false
            let publisher = CollectingPublisher()
            async let a = job(database, publisher: publisher, owner: "a", settings: settings).runNow()
            async let b = job(database, publisher: publisher, owner: "b", settings: settings).runNow()
            let (first, second) = try await (a, b)
            #expect(first.expired + second.expired == 5)
            #expect(first.flagged + second.flagged == 0)
            #expect(publisher.published.count == 5)
            #expect(
                try await database.scalar("SELECT count(*) FROM audit_logs WHERE event_type = 'api_key_expired'") == 5)
            #expect(try await database.scalar("SELECT count(*) FROM api_keys WHERE rotation_due_at IS NOT NULL") == 0)
        }
    }

    @Test("the audit stage recognises the job's expired events as already recorded")
    func expiredEventIsNotAuditedTwice() async throws {
        try await TestDatabase.with { database in
            let tenant = try await TestTenant.create(in: database)
            try await key(of: tenant, ageDays: 3, expiresInHours: -1, in: database)
            let publisher = CollectingPublisher()
            _ = try await job(database, publisher: publisher, owner: "a").runNow()
            let entries = publisher.published.compactMap(AuditProjection.entry(for:))
            #expect(entries.count == 1)
            let appended = try await database.client.withTransaction(logger: database.logger) { connection in
                try await AuditLogWriter.append(
                    entries, chain: AuditChains.stage, on: connection, logger: database.logger)
            }
            #expect(appended.isEmpty)
        }
    }

    @Test("the job prunes the aggregate stages' event ledger past the kept days")
    func prunesLedger() async throws {
        try await TestDatabase.with { database in
            let old = Date().addingTimeInterval(-30 * 86_400), recent = Date()
            let days = Set([old, recent].map { UTCDay.string(from: $0) })
            try await AppliedEventLedger.ensurePartitions(days: days, client: database.client, logger: database.logger)
            for day in [old, recent] {
                try await database.client.query(
                    "INSERT INTO stage_applied_events (stage, event_id, day) VALUES ('s', gen_random_uuid(), \(UTCDay.string(from: day))::date)",
                    logger: database.logger)
            }
            let report = try await job(database, publisher: CollectingPublisher(), owner: "a").runNow()
            #expect(report.ledgerPartitionsDropped == 1)
            #expect(try await database.scalar("SELECT count(*) FROM stage_applied_events") == 1)
        }
    }

    @Test("the ledger outlives the longest topic retention plus a margin")
    func ledgerHorizon() throws {
        #expect(KeyExpiryJob.Settings.ledgerKeepDays(pipeline: try TestPipeline.load()) == 30 + 7)
    }
}
