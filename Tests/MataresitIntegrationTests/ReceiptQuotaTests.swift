import Foundation
import MataresitCore
import MataresitStore
import Testing

/// Monthly receipt quotas (free 50, pro 500, max unlimited) and batch limits (free 1, pro 5, max 20) on
/// `POST /receipts`, `/receipts/batch` and `/receipts/quick`: 429 SUBSCRIPTION_LIMIT_EXCEEDED with
/// `Retry-After`, nothing stored; `/me` counts the same receipts the quota does.
@Suite("Receipt quotas")
struct ReceiptQuotaTests {
    @Test("free, pro and max tiers: monthly quota, batch limit, /me consistent, concurrent creates stop at the limit")
    func quotasPerTier() async throws {
        try await TestDatabase.with { database in
            let free = try await TestTenant.create(in: database, tier: .free)
            let pro = try await TestTenant.create(in: database, tier: .pro)
            let max = try await TestTenant.create(in: database, tier: .max)
            let racer = try await TestTenant.create(in: database, tier: .free)
            try await RunningSystem.with(database: database, cluster: try TestCluster(), stages: []) { system in
                try await freeTier(system, free, database)
                try await proTier(system, pro, database)
                try await maxTier(system, max, database)
                try await concurrentCreates(system, racer, database)
            }
        }
    }

    static var receipt: [String: Any] { ["merchant": "Quota Mart", "date": "2026-03-01", "total": 1] }

    func freeTier(_ system: RunningSystem, _ tenant: TestTenant, _ database: TestDatabase) async throws {
        // Receipts of last month do not count.
        try await seed(48, for: tenant, database, createdAt: "now() - interval '40 days'")
        try await seed(48, for: tenant, database)
        let twoItems = try await system.send(
            "POST", "/api/v1/receipts/batch", key: tenant.key,
            json: ["receipts": [Self.receipt, Self.receipt]])
        try expectRefused(twoItems, detail: "batchUploadLimit", retryAfter: false)
        #expect(
            try await system.send(
                "POST", "/api/v1/receipts/batch", key: tenant.key,
                json: ["receipts": [Self.receipt]]
            ).status == 201)
        #expect(
            try await system.send(
                "POST", "/api/v1/receipts/quick", key: tenant.key,
                json: ["merchant": "Quick", "total": 2]
            ).status == 201)
        #expect(try await used(system, tenant) == 50)
        for (path, body) in [
            ("/api/v1/receipts", Self.receipt), ("/api/v1/receipts/quick", ["merchant": "Q", "total": 1]),
            ("/api/v1/receipts/batch", ["receipts": [Self.receipt]])
        ] {
            try expectRefused(
                try await system.send("POST", path, key: tenant.key, json: body), detail: "monthlyReceipts")
        }
        #expect(try await count(tenant, database) == 48 + 50, "nothing stored after the refusals")
        #expect(try await used(system, tenant) == 50)
    }

    func proTier(_ system: RunningSystem, _ tenant: TestTenant, _ database: TestDatabase) async throws {
        let six = Array(repeating: Self.receipt, count: 6)
        try expectRefused(
            try await system.send("POST", "/api/v1/receipts/batch", key: tenant.key, json: ["receipts": six]),
            detail: "batchUploadLimit", retryAfter: false)
        let five = try await system.send(
            "POST", "/api/v1/receipts/batch", key: tenant.key, json: ["receipts": Array(six.prefix(5))])
        #expect(five.status == 201)
        #expect((five.data?["summary"] as? [String: Any])?["successful"] as? Int == 5)
        try await seed(492, for: tenant, database)
        // 497 used: a batch of 5 would pass 500 and is refused whole; 3 fit.
        try expectRefused(
            try await system.send(
                "POST", "/api/v1/receipts/batch", key: tenant.key, json: ["receipts": Array(six.prefix(5))]),
            detail: "monthlyReceipts")
        #expect(
            try await system.send(
                "POST", "/api/v1/receipts/batch", key: tenant.key, json: ["receipts": Array(six.prefix(3))]
            ).status == 201)
        #expect(try await used(system, tenant) == 500)
        try expectRefused(
            try await system.send("POST", "/api/v1/receipts", key: tenant.key, json: Self.receipt),
            detail: "monthlyReceipts")
    }

    func maxTier(_ system: RunningSystem, _ tenant: TestTenant, _ database: TestDatabase) async throws {
        let items = Array(repeating: Self.receipt, count: 21)
        try expectRefused(
            try await system.send("POST", "/api/v1/receipts/batch", key: tenant.key, json: ["receipts": items]),
            detail: "batchUploadLimit", retryAfter: false)
        #expect(
            try await system.send(
                "POST", "/api/v1/receipts/batch", key: tenant.key, json: ["receipts": Array(items.prefix(20))]
            ).status == 201)
        try await seed(1_000, for: tenant, database)
        #expect(
            try await system.send("POST", "/api/v1/receipts", key: tenant.key, json: Self.receipt).status == 201,
            "max is unlimited")
        #expect(try await used(system, tenant) == 1_021)
        let me = try await system.send("GET", "/api/v1/me", key: tenant.key)
        let limits = (me.data?["subscription"] as? [String: Any])?["limits"] as? [String: Any]
        #expect(limits?["monthlyReceipts"] as? Int == -1 && limits?["batchUploadLimit"] as? Int == 20)
    }

    /// Ten simultaneous creates with room for four: exactly four are stored (the per-user lock serialises them).
    func concurrentCreates(_ system: RunningSystem, _ tenant: TestTenant, _ database: TestDatabase) async throws {
        try await seed(46, for: tenant, database)
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<10 {
                group.addTask {
                    try await system.send("POST", "/api/v1/receipts", key: tenant.key, json: Self.receipt).status
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(statuses.filter { $0 == 201 }.count == 4)
        #expect(statuses.filter { $0 == 429 }.count == 6)
        #expect(try await count(tenant, database) == 50)
    }

    func expectRefused(_ result: HTTPResult, detail: String, retryAfter: Bool = true) throws {
        #expect(result.status == 429)
        #expect(result.code == "SUBSCRIPTION_LIMIT_EXCEEDED")
        #expect(result.header("X-Error-Code") == "SUBSCRIPTION_LIMIT_EXCEEDED")
        #expect((result.json?["details"] as? [String: Any])?[detail] != nil)
        if retryAfter {
            let seconds = try #require(result.header("Retry-After").flatMap(Int.init))
            #expect(seconds > 0 && seconds <= 31 * 86_400, "until the month ends")
        }
    }

    func used(_ system: RunningSystem, _ tenant: TestTenant) async throws -> Int? {
        let me = try await system.send("GET", "/api/v1/me", key: tenant.key)
        return (me.data?["subscription"] as? [String: Any])?["receiptsUsedThisMonth"] as? Int
    }

    func count(_ tenant: TestTenant, _ database: TestDatabase) async throws -> Int {
        try await database.scalar("SELECT count(*) FROM receipts WHERE user_id = \(tenant.user.id)")
    }

    /// Inserts receipts directly (fast), created now or at `createdAt` (an SQL expression of this file only).
    func seed(_ count: Int, for tenant: TestTenant, _ database: TestDatabase, createdAt: String = "now()") async throws
    {
        try await database.client.query(
            """
            INSERT INTO receipts (user_id, merchant, date, total, created_at)
            SELECT \(tenant.user.id), 'Seeded', current_date, 1, \(unescaped: createdAt) FROM generate_series(1, \(count))
            """, logger: database.logger)
    }
}
