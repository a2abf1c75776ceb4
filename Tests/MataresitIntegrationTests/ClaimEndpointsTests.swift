import Foundation
import MataresitCore
import MataresitStore
import Testing

/// `/claims`: create, list with filters, get with audit trail, status rules, delete rules, receipt attach/detach;
/// scopes, team roles and tenant isolation.
@Suite("Claim endpoints")
struct ClaimEndpointsTests {
    struct People {
        let alice: TestTenant  // owner of alice.teamID
        let carol: TestTenant  // member
        let dave: TestTenant  // viewer
        let bob: TestTenant  // outsider
        var team: String { alice.teamID.lowercased }
    }

    @Test("claims: every endpoint, status and role rules, 401/403/404 and isolation")
    func claims() async throws {
        try await TestDatabase.with { database in
            let people = People(
                alice: try await TestTenant.create(in: database, tier: .max),
                carol: try await TestTenant.create(in: database, tier: .max),
                dave: try await TestTenant.create(in: database, tier: .max),
                bob: try await TestTenant.create(in: database, tier: .max))
            try await people.carol.join(people.alice.teamID, as: .member, in: database)
            try await people.dave.join(people.alice.teamID, as: .viewer, in: database)
            let noDelete = try await people.alice.key(scopes: [.claimsRead, .claimsWrite], in: database)
            try await RunningSystem.with(database: database, cluster: try TestCluster(), stages: []) { system in
                let claimID = try await createAndList(system, people)
                try await statusRules(system, people, claimID: claimID)
                try await deleteRules(system, people, noDelete: noDelete)
                try await attachments(system, people)
            }
        }
    }

    func createAndList(_ system: RunningSystem, _ p: People) async throws -> String {
        let created = try await system.send(
            "POST", "/api/v1/claims", key: p.carol.key,
            json: [
                "teamId": p.team, "title": Hostile.sql, "description": Hostile.html, "amount": 120.5,
                "category": "Travel", "priority": "high", "attachments": [["note": Hostile.unicode]]
            ])
        #expect(created.status == 201)
        let claim = try #require(created.data)
        #expect(claim["title"] as? String == Hostile.sql)
        #expect(claim["description"] as? String == Hostile.html)
        #expect(claim["status"] as? String == "draft")
        #expect(claim["currency"] as? String == "USD")
        #expect(claim["claimant_id"] as? String == p.carol.user.id.lowercased)
        #expect((claim["attachments"] as? [[String: Any]])?.first?["note"] as? String == Hostile.unicode)
        let id = try #require(claim["id"] as? String)

        let invalid = try await system.send(
            "POST", "/api/v1/claims", key: p.carol.key, json: ["title": "ab", "amount": 0, "priority": "asap"])
        #expect(invalid.status == 400)
        #expect(invalid.invalidFields == ["teamId", "title", "amount", "priority"])
        for outsider in [p.bob, p.dave] {
            let refused = try await system.send(
                "POST", "/api/v1/claims", key: outsider.key, json: ["teamId": p.team, "title": "Taxi", "amount": 5])
            #expect(refused.status == 403)
            #expect(refused.code == "ACCESS_DENIED")
        }
        _ = try await system.send(
            "POST", "/api/v1/claims", key: p.alice.key, json: ["teamId": p.team, "title": "Hotel", "amount": 300])
        _ = try await system.send(
            "POST", "/api/v1/claims", key: p.bob.key,
            json: ["teamId": p.bob.teamID.lowercased, "title": "Bob's own", "amount": 1])

        func titles(_ query: String, key: APIKeySecret? = nil) async throws -> [String] {
            let result = try await system.send("GET", "/api/v1/claims?\(query)", key: key ?? p.alice.key)
            #expect(result.status == 200, "\(query)")
            return (result.data?["claims"] as? [[String: Any]] ?? []).compactMap { $0["title"] as? String }
        }
        #expect(try await titles("sort_by=amount&sort_order=asc") == [Hostile.sql, "Hotel"])
        #expect(try await titles("priority=high") == [Hostile.sql])
        #expect(try await titles("min_amount=200") == ["Hotel"])
        #expect(try await titles("claimant_id=\(p.carol.user.id.lowercased)") == [Hostile.sql])
        #expect(try await titles("status=draft&team_id=\(p.team)").count == 2)
        #expect(try await titles("start_date=\(todayUTC)&end_date=\(todayUTC)").count == 2)
        #expect(try await titles("end_date=2000-01-01").isEmpty)
        #expect(try await titles("", key: p.dave.key).count == 2, "viewers read")
        #expect(try await titles("", key: p.bob.key) == ["Bob's own"], "bob never sees team A's claims")
        #expect(try await system.send("GET", "/api/v1/claims?team_id=\(p.team)", key: p.bob.key).status == 403)
        #expect(
            try await system.send("GET", "/api/v1/claims?sort_by=amount;drop", key: p.bob.key).invalidFields == [
                "sort_by"
            ])
        #expect(try await system.send("GET", "/api/v1/claims", key: nil).status == 401)

        let detail = try await system.send("GET", "/api/v1/claims/\(id)", key: p.dave.key)
        #expect(detail.status == 200)
        let trail = detail.data?["claim_audit_trail"] as? [[String: Any]] ?? []
        #expect(trail.compactMap { $0["action"] as? String } == ["created"])
        #expect((detail.data?["receipts"] as? [Any])?.isEmpty == true)
        #expect(try await system.send("GET", "/api/v1/claims/\(id)", key: p.bob.key).status == 403)
        #expect(try await system.send("GET", "/api/v1/claims/\(UUID())", key: p.alice.key).status == 404)
        return id
    }

    func statusRules(_ system: RunningSystem, _ p: People, claimID id: String) async throws {
        let path = "/api/v1/claims/\(id)"
        #expect(try await system.send("PATCH", path, key: p.carol.key, json: ["title": "Flight KUL-SIN"]).status == 200)
        let approveSelf = try await system.send("PATCH", path, key: p.carol.key, json: ["status": "approved"])
        #expect(approveSelf.status == 403)
        #expect(try await system.send("PATCH", path, key: p.dave.key, json: ["title": "Viewer edit"]).status == 403)
        #expect(try await system.send("PATCH", path, key: p.bob.key, json: ["title": "Outsider"]).status == 403)
        let bad = try await system.send("PUT", path, key: p.carol.key, json: ["status": "done", "amount": -3])
        #expect(bad.invalidFields == ["status", "amount"])
        #expect(try await system.send("PATCH", path, key: p.carol.key, json: [:]).status == 400)

        let submitted = try await system.send(
            "PATCH", path, key: p.carol.key, json: ["status": "submitted", "comment": "please review"])
        #expect(submitted.status == 200)
        #expect(submitted.data?["submitted_at"] is String)
        #expect(try await system.send("PATCH", path, key: p.carol.key, json: ["title": "Too late"]).status == 403)
        let approved = try await system.send("PUT", path, key: p.alice.key, json: ["status": "approved"])
        #expect(approved.status == 200)
        #expect(approved.data?["approved_at"] is String)
        #expect(approved.data?["approved_by"] as? String == p.alice.user.id.lowercased)
        let detail = try await system.send("GET", path, key: p.carol.key)
        let trail = detail.data?["claim_audit_trail"] as? [[String: Any]] ?? []
        #expect(trail.compactMap { $0["new_status"] as? String } == ["draft", "draft", "submitted", "approved"])
        #expect(trail.contains { $0["comment"] as? String == "please review" })
        let undeletable = try await system.send("DELETE", path, key: p.alice.key)
        #expect(undeletable.status == 400)
    }

    func deleteRules(_ system: RunningSystem, _ p: People, noDelete: APIKeySecret) async throws {
        let draft = try await system.send(
            "POST", "/api/v1/claims", key: p.carol.key, json: ["teamId": p.team, "title": "Lunch", "amount": 12])
        let id = try #require(draft.data?["id"] as? String)
        let path = "/api/v1/claims/\(id)"
        #expect(
            try await system.send("DELETE", path, key: p.carol.key).code == "ACCESS_DENIED", "members may not delete")
        #expect(try await system.send("DELETE", path, key: p.dave.key).status == 403)
        #expect(try await system.send("DELETE", path, key: p.bob.key).status == 403)
        #expect(try await system.send("DELETE", path, key: noDelete).code == "INSUFFICIENT_PERMISSIONS")
        let deleted = try await system.send("DELETE", path, key: p.alice.key)
        #expect(deleted.status == 200)
        #expect(deleted.data?["claimId"] as? String == id)
        #expect(try await system.send("GET", path, key: p.alice.key).status == 404)
    }

    func attachments(_ system: RunningSystem, _ p: People) async throws {
        let claim = try await system.send(
            "POST", "/api/v1/claims", key: p.carol.key, json: ["teamId": p.team, "title": "Conference", "amount": 99])
        let claimID = try #require(claim.data?["id"] as? String)
        func receipt(_ key: APIKeySecret, team: String? = nil) async throws -> String {
            var body: [String: Any] = ["merchant": Hostile.html, "date": "2026-06-01", "total": 10]
            body["teamId"] = team
            return try #require(
                try await system.send("POST", "/api/v1/receipts", key: key, json: body).data?["id"] as? String)
        }
        let own = try await receipt(p.carol.key)
        let teams = try await receipt(p.alice.key, team: p.team)
        let foreign = try await receipt(p.bob.key)
        let path = "/api/v1/claims/\(claimID)/receipts"

        let attached = try await system.send("POST", path, key: p.carol.key, json: ["receiptIds": [own, teams, own]])
        #expect(attached.status == 200)
        #expect((attached.data?["attachedReceipts"] as? [Any])?.count == 2)
        let stored = (attached.data?["claim"] as? [String: Any])?["attachments"] as? [[String: Any]] ?? []
        #expect(stored.count == 2)
        #expect((stored.first?["metadata"] as? [String: Any])?["merchant"] as? String == Hostile.html)
        let again = try await system.send("POST", path, key: p.carol.key, json: ["receiptIds": [own]])
        #expect(((again.data?["claim"] as? [String: Any])?["attachments"] as? [Any])?.count == 2, "no duplicates")
        #expect(try await system.send("POST", path, key: p.carol.key, json: ["receiptIds": [foreign]]).status == 403)
        let planted = try await system.send(
            "POST", "/api/v1/claims", key: p.carol.key,
            json: [
                "teamId": p.team, "title": "Planted", "amount": 1,
                "attachments": [["type": "receipt", "receiptId": foreign]]
            ])
        #expect(planted.status == 403, "a new claim cannot carry another tenant's receipt either")
        #expect(
            try await system.send("POST", path, key: p.carol.key, json: ["receiptIds": [UUID().uuidString]]).status
                == 404)
        #expect(
            try await system.send("POST", path, key: p.carol.key, json: ["receiptIds": ["nope"]]).invalidFields == [
                "receiptIds"
            ])
        #expect(try await system.send("POST", path, key: p.dave.key, json: ["receiptIds": [teams]]).status == 403)
        #expect(try await system.send("POST", path, key: p.bob.key, json: ["receiptIds": [foreign]]).status == 403)

        let listed = try await system.send("GET", path, key: p.dave.key)
        #expect(listed.data?["claimId"] as? String == claimID)
        #expect((listed.data?["receipts"] as? [Any])?.count == 2)
        #expect(try await system.send("GET", path, key: p.bob.key).status == 403)
        let detached = try await system.send("DELETE", path, key: p.carol.key, json: ["receiptIds": [own, foreign]])
        #expect(detached.status == 200)
        #expect(detached.data?["detachedReceiptIds"] as? [String] == [own])
        let after = try await system.send("GET", path, key: p.carol.key)
        #expect((after.data?["receipts"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [teams])
        let detail = try await system.send("GET", "/api/v1/claims/\(claimID)", key: p.carol.key)
        #expect((detail.data?["receipts"] as? [Any])?.count == 1)
    }
}
