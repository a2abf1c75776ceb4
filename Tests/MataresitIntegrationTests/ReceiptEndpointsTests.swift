import Foundation
import MataresitCore
import MataresitStore
import Testing

/// `/receipts`: create, list with every filter, one receipt, image, update, delete, batch, quick; scopes,
/// team roles and tenant isolation. One running system for the whole suite keeps it fast.
@Suite("Receipt endpoints")
struct ReceiptEndpointsTests {
    @Test("receipts: every endpoint, its validation, 401/403/404 and tenant isolation")
    func receipts() async throws {
        try await TestDatabase.with { database in
            let alice = try await TestTenant.create(in: database, tier: .max)
            let bob = try await TestTenant.create(in: database, tier: .max)
            let carol = try await TestTenant.create(in: database, tier: .max)
            try await carol.join(alice.teamID, as: .member, in: database)
            let readOnly = try await alice.key(scopes: [.receiptsRead], in: database)
            try await RunningSystem.with(database: database, cluster: try TestCluster(), stages: []) { system in
                let ids = try await createAndRead(system, alice: alice, bob: bob)
                try await listFilters(system, alice: alice, bob: bob, carol: carol)
                try await updateAndDelete(system, alice: alice, bob: bob, carol: carol, readOnly: readOnly, id: ids)
                try await batchAndQuick(system, alice: alice, carol: carol)
            }
            let tables = try await database.scalar("SELECT count(*) FROM pg_tables WHERE tablename = 'receipts'")
            #expect(tables == 1, "hostile strings were never executed")
        }
    }

    /// Create with line items and hostile strings; read it back with line items and processing logs.
    func createAndRead(_ system: RunningSystem, alice: TestTenant, bob: TestTenant) async throws -> String {
        let body: [String: Any] = [
            "merchant": Hostile.sql, "date": "2026-01-15", "total": 42.5, "tax": "2.50", "currency": "myr",
            "paymentMethod": Hostile.html, "category": "Food", "fullText": Hostile.unicode,
            "lineItems": [
                ["description": Hostile.html, "quantity": 2, "unitPrice": 10, "totalPrice": 20, "category": "Food"],
                ["description": "Tea", "unitPrice": 22.5]
            ]
        ]
        let created = try await system.send("POST", "/api/v1/receipts", key: alice.key, json: body)
        #expect(created.status == 201)
        let receipt = try #require(created.data)
        #expect(receipt["merchant"] as? String == Hostile.sql)
        #expect(receipt["payment_method"] as? String == Hostile.html)
        #expect(receipt["fullText"] as? String == Hostile.unicode)
        #expect(receipt["currency"] as? String == "MYR")
        #expect(receipt["category"] as? String == "Food")
        #expect(receipt["predicted_category"] as? String == "Food")
        #expect(receipt["user_id"] as? String == alice.user.id.lowercased)
        let id = try #require(receipt["id"] as? String)
        #expect(id == id.lowercased())

        let read = try await system.send("GET", "/api/v1/receipts/\(id)", key: alice.key)
        #expect(read.status == 200)
        let items = read.data?["line_items"] as? [[String: Any]] ?? []
        #expect(items.count == 2)
        #expect(items.first?["description"] as? String == Hostile.html)
        #expect(number(items.first?["quantity"]) == 2)
        #expect(number(items.first?["unit_price"]) == 10)
        #expect(number(items.last?["amount"]) == 22.5, "amount = quantity (default 1) x unit price")
        #expect(items.last?["total_price"] is NSNull)
        #expect((read.data?["processing_logs"] as? [[String: Any]])?.count == 1)

        let image = try await system.send("GET", "/api/v1/receipts/\(id)/image", key: alice.key)
        #expect(image.status == 200)
        #expect(image.data?["receiptId"] as? String == id)
        #expect(image.data?.keys.contains("imageUrl") == true)

        let invalid = try await system.send(
            "POST", "/api/v1/receipts", key: alice.key,
            json: ["merchant": " ", "date": "31/12/2026", "total": -1, "status": "lost", "lineItems": [["quantity": 0]]]
        )
        #expect(invalid.status == 400)
        #expect(invalid.code == "VALIDATION_ERROR")
        #expect(
            invalid.invalidFields
                == ["merchant", "date", "total", "status", "lineItems[0].description", "lineItems[0].quantity"])

        // Isolation and errors on one receipt.
        #expect(try await system.send("GET", "/api/v1/receipts/\(id)", key: bob.key).status == 403)
        #expect(try await system.send("GET", "/api/v1/receipts/\(id)/image", key: bob.key).status == 403)
        #expect(try await system.send("GET", "/api/v1/receipts/\(UUID())", key: alice.key).code == "RESOURCE_NOT_FOUND")
        #expect(try await system.send("GET", "/api/v1/receipts/not-a-uuid", key: alice.key).code == "VALIDATION_ERROR")
        #expect(try await system.send("GET", "/api/v1/receipts/\(id)", key: nil).status == 401)
        let foreignTeam = try await system.send(
            "POST", "/api/v1/receipts", key: bob.key,
            json: ["merchant": "X", "date": "2026-01-01", "total": 1, "teamId": alice.teamID.lowercased])
        #expect(foreignTeam.status == 403)
        #expect(foreignTeam.code == "ACCESS_DENIED")
        return id
    }

    /// Every filter of the listing, the sort whitelist, pagination, the team filter and isolation.
    func listFilters(_ system: RunningSystem, alice: TestTenant, bob: TestTenant, carol: TestTenant) async throws {
        let rows: [[String: Any]] = [
            [
                "merchant": "Starbucks KLCC", "date": "2026-02-01", "total": 15, "currency": "MYR",
                "paymentMethod": "card", "category": "Coffee", "status": "reviewed"
            ],
            [
                "merchant": "starbucks Mid Valley", "date": "2026-02-10", "total": 30, "currency": "MYR",
                "paymentMethod": "cash", "category": "Coffee"
            ],
            [
                "merchant": "Shell", "date": "2026-03-05", "total": 120, "currency": "USD", "paymentMethod": "card",
                "category": "Fuel", "teamId": alice.teamID.lowercased
            ],
            ["merchant": Hostile.like, "date": "2026-03-06", "total": 5, "currency": "USD"]
        ]
        for row in rows {
            #expect(try await system.send("POST", "/api/v1/receipts", key: alice.key, json: row).status == 201)
        }
        _ = try await system.send(
            "POST", "/api/v1/receipts", key: carol.key,
            json: ["merchant": "Carol team lunch", "date": "2026-03-07", "total": 50, "teamId": alice.teamID.lowercased]
        )
        _ = try await system.send(
            "POST", "/api/v1/receipts", key: bob.key,
            json: ["merchant": "Bob private", "date": "2026-02-02", "total": 9])

        func merchants(_ query: String, key: APIKeySecret? = nil) async throws -> [String] {
            let result = try await system.send("GET", "/api/v1/receipts?\(query)", key: key ?? alice.key)
            #expect(result.status == 200, "\(query)")
            return (result.data?["receipts"] as? [[String: Any]] ?? []).compactMap { $0["merchant"] as? String }
        }
        #expect(try await merchants("limit=100").count == 5, "alice's own receipts only")
        #expect(try await merchants("merchant=STARBUCKS").count == 2)
        #expect(try await merchants("merchant=%25_").isEmpty == false)
        #expect(try await merchants("merchant=0%25_o") == [Hostile.like], "LIKE wildcards match literally")
        #expect(try await merchants("merchant=x%25").isEmpty)
        #expect(try await merchants("start_date=2026-02-01&end_date=2026-02-10").count == 2, "inclusive bounds")
        #expect(try await merchants("category=Fuel") == ["Shell"])
        #expect(try await merchants("status=reviewed") == ["Starbucks KLCC"])
        #expect(try await merchants("min_amount=15&max_amount=30").count == 2)
        #expect(try await merchants("currency=usd").count == 2)
        #expect(try await merchants("payment_method=cash") == ["starbucks Mid Valley"])
        #expect(
            try await merchants("sort_by=total&sort_order=asc&currency=MYR")
                == ["Starbucks KLCC", "starbucks Mid Valley", Hostile.sql])
        #expect(try await merchants("sort_by=date&sort_order=desc&limit=1") == [Hostile.like])
        #expect(
            try await merchants("team_id=\(alice.teamID.lowercased)&sort_by=merchant&sort_order=asc")
                == ["Carol team lunch", "Shell"])
        #expect(try await merchants("team_id=\(alice.teamID.lowercased)", key: carol.key).count == 2)
        #expect(try await merchants("limit=100", key: bob.key) == ["Bob private"], "bob never sees alice's")

        let echoed = try await system.send(
            "GET", "/api/v1/receipts?merchant=Shell&min_amount=1&page=1&limit=1", key: alice.key)
        let filters = echoed.data?["filters"] as? [String: Any]
        #expect(filters?["merchant"] as? String == "Shell")
        #expect(number(filters?["minAmount"]) == 1)
        #expect(filters?["startDate"] is NSNull)
        let paged = try await system.send("GET", "/api/v1/receipts?page=2&limit=2", key: alice.key)
        let pagination = paged.data?["pagination"] as? [String: Any]
        #expect(pagination?["total"] as? Int == 5)
        #expect(pagination?["totalPages"] as? Int == 3)
        #expect(pagination?["hasNextPage"] as? Bool == true)
        #expect(pagination?["hasPrevPage"] as? Bool == true)

        let bad = try await system.send(
            "GET",
            "/api/v1/receipts?sort_by=total%3B%20DELETE%20FROM%20receipts&sort_order=sideways&start_date=2026-05-01&end_date=2026-01-01&min_amount=abc&team_id=nope",
            key: alice.key)
        #expect(bad.status == 400)
        #expect(bad.invalidFields == ["sort_by", "sort_order", "start_date", "min_amount", "team_id"])
        let notMember = try await system.send(
            "GET", "/api/v1/receipts?team_id=\(alice.teamID.lowercased)", key: bob.key)
        #expect(notMember.status == 403)
        #expect(notMember.code == "ACCESS_DENIED")
        #expect(try await system.send("GET", "/api/v1/receipts", key: nil).status == 401)
    }

    /// PUT and PATCH, DELETE, with scope and team-role checks.
    func updateAndDelete(
        _ system: RunningSystem, alice: TestTenant, bob: TestTenant, carol: TestTenant, readOnly: APIKeySecret,
        id: String
    ) async throws {
        let put = try await system.send(
            "PUT", "/api/v1/receipts/\(id)", key: alice.key,
            json: ["merchant": Hostile.html, "tax": NSNull(), "status": "reviewed", "category": "Meals"])
        #expect(put.status == 200)
        #expect(put.data?["merchant"] as? String == Hostile.html)
        #expect(put.data?["tax"] is NSNull)
        #expect(put.data?["category"] as? String == "Meals")
        let patch = try await system.send("PATCH", "/api/v1/receipts/\(id)", key: alice.key, json: ["total": 99.99])
        #expect(number(patch.data?["total"]) == 99.99)
        #expect(patch.data?["merchant"] as? String == Hostile.html, "PATCH keeps other fields")

        let invalid = try await system.send(
            "PATCH", "/api/v1/receipts/\(id)", key: alice.key, json: ["status": "gone", "total": "x", "merchant": ""])
        #expect(invalid.status == 400)
        #expect(invalid.invalidFields == ["status", "total", "merchant"])
        #expect(try await system.send("PATCH", "/api/v1/receipts/\(id)", key: alice.key, json: [:]).status == 400)
        #expect(
            try await system.send("PATCH", "/api/v1/receipts/\(id)", key: bob.key, json: ["total": 1]).status == 403)
        #expect(
            try await system.send("PATCH", "/api/v1/receipts/\(UUID())", key: alice.key, json: ["total": 1]).status
                == 404)
        let scope = try await system.send("PATCH", "/api/v1/receipts/\(id)", key: readOnly, json: ["total": 1])
        #expect(scope.status == 403)
        #expect(scope.code == "INSUFFICIENT_PERMISSIONS")
        #expect(scope.json?["message"] as? String == "Insufficient permissions for receipts:write")

        // A team receipt of alice: carol (member) may edit it but not delete it; alice (owner) may delete it.
        let teamReceipt = try await system.send(
            "POST", "/api/v1/receipts", key: alice.key,
            json: ["merchant": "Team dinner", "date": "2026-04-01", "total": 80, "teamId": alice.teamID.lowercased])
        let teamID = try #require(teamReceipt.data?["id"] as? String)
        #expect(
            try await system.send("PATCH", "/api/v1/receipts/\(teamID)", key: carol.key, json: ["total": 81]).status
                == 200)
        let memberDelete = try await system.send("DELETE", "/api/v1/receipts/\(teamID)", key: carol.key)
        #expect(memberDelete.status == 403)
        #expect(memberDelete.code == "ACCESS_DENIED")
        #expect(try await system.send("DELETE", "/api/v1/receipts/\(teamID)", key: bob.key).status == 403)
        #expect(
            try await system.send("DELETE", "/api/v1/receipts/\(teamID)", key: readOnly).code
                == "INSUFFICIENT_PERMISSIONS")
        let deleted = try await system.send("DELETE", "/api/v1/receipts/\(teamID)", key: alice.key)
        #expect(deleted.status == 200)
        #expect(deleted.data?["receiptId"] as? String == teamID)
        #expect(try await system.send("GET", "/api/v1/receipts/\(teamID)", key: alice.key).status == 404)
        #expect(try await system.send("DELETE", "/api/v1/receipts/\(teamID)", key: alice.key).status == 404)
    }

    /// Batch: per-item validation, the 50 cap; quick: defaults and the 405 of other methods.
    func batchAndQuick(_ system: RunningSystem, alice: TestTenant, carol: TestTenant) async throws {
        let batch = try await system.send(
            "POST", "/api/v1/receipts/batch", key: alice.key,
            json: [
                "receipts": [
                    ["merchant": "One", "date": "2026-05-01", "total": 1],
                    ["merchant": "", "date": "2026-05-01"],
                    "not an object",
                    ["merchant": "Three", "date": "2026-05-03", "total": 3, "teamId": UUID().uuidString],
                    ["merchant": Hostile.sql, "date": "2026-05-04", "total": 4]
                ]
            ])
        #expect(batch.status == 201)
        let created = batch.data?["created"] as? [[String: Any]] ?? []
        #expect(created.compactMap { $0["merchant"] as? String } == ["One", Hostile.sql])
        let errors = batch.data?["errors"] as? [[String: Any]] ?? []
        #expect(errors.compactMap { $0["index"] as? Int } == [1, 2, 3])
        #expect(errors.first?["error"] is String)
        let summary = batch.data?["summary"] as? [String: Any]
        #expect(
            summary?["total"] as? Int == 5 && summary?["successful"] as? Int == 2 && summary?["failed"] as? Int == 3)

        let item: [String: Any] = ["merchant": "M", "date": "2026-05-01", "total": 1]
        let tooMany = try await system.send(
            "POST", "/api/v1/receipts/batch", key: alice.key, json: ["receipts": Array(repeating: item, count: 51)])
        #expect(tooMany.status == 400)
        #expect(tooMany.invalidFields == ["receipts"])
        #expect(
            try await system.send("POST", "/api/v1/receipts/batch", key: alice.key, json: ["receipts": [Any]()]).status
                == 400)

        let quick = try await system.send(
            "POST", "/api/v1/receipts/quick", key: carol.key, json: ["merchant": "Kopitiam", "total": 7.2])
        #expect(quick.status == 201)
        #expect(quick.data?["date"] as? String == todayUTC)
        #expect(quick.data?["currency"] as? String == "MYR")
        #expect(quick.data?["status"] as? String == "unreviewed")
        let quickInvalid = try await system.send("POST", "/api/v1/receipts/quick", key: carol.key, json: ["total": 1])
        #expect(quickInvalid.invalidFields == ["merchant"])
        let wrongMethod = try await system.send("GET", "/api/v1/receipts/quick", key: carol.key)
        #expect(wrongMethod.status == 405)
        #expect(wrongMethod.header("Allow") == "POST")
        #expect(try await system.send("GET", "/api/v1/receipts/batch", key: carol.key).header("Allow") == "POST")
    }
}
