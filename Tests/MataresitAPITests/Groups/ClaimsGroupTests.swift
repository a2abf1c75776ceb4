import Foundation
import MataresitCore
import MataresitStore
import Testing

/// `/claims` in process: scopes, another team and roles too low first, then the claimant's and admin's paths, then
/// bad input. The team has an admin, two members (one the claimant) and a viewer; a stranger owns another team.
@Suite("Claims group (in process)")
struct ClaimsGroupTests {
    let api: InProcessAPI
    let team = UUID(), foreignTeam = UUID()
    let admin = UUID(), claimant = UUID(), member = UUID(), viewer = UUID(), stranger = UUID()

    init() throws {
        api = try InProcessAPI()
        for (user, role) in [(admin, TeamRole.admin), (claimant, .member), (member, .member), (viewer, .viewer)] {
            api.teams.add(user, to: team, as: role)
        }
        api.teams.add(stranger, to: foreignTeam, as: .owner)
    }

    /// Every claim with its audit trail: what an attack must leave as it was.
    struct Snapshot: Equatable {
        let claim: Claim
        let trail: [ClaimAuditEntry]
    }

    var snapshot: [Snapshot] {
        api.claims.all.sorted { $0.id.uuidString < $1.id.uuidString }.map {
            Snapshot(claim: $0, trail: api.claims.trail($0.id))
        }
    }

    func seedClaim(by user: UUID, in teamID: UUID, title: String = "Taxi to client", amount: Decimal = 25)
        async throws -> Claim
    {
        try await api.claims.create(NewClaim(teamID: teamID, title: title, amount: amount), claimantID: user)
    }

    func seedReceipt(of user: UUID, team: UUID? = nil, merchant: String = "Grab") async throws -> Receipt {
        let new = NewReceipt(merchant: merchant, date: "2026-11-01", total: 18, teamID: team)
        return try await api.receipts.create(new, userID: user, monthlyLimit: nil)
    }

    func key(_ user: UUID, _ scopes: [Scope] = Scope.allCases) -> APIKeySecret {
        api.keys.seed(userID: user, scopes: scopes)
    }

    @Test("a key without the scope is 403 for each verb and changes nothing")
    func scopes() async throws {
        let reader = key(admin, [.claimsRead]), writer = key(admin, [.claimsWrite])
        let claim = try await seedClaim(by: claimant, in: team)
        let receipt = try await seedReceipt(of: admin, team: team)
        let path = "/api/v1/claims/\(claim.id.lowercased)"
        let ids = #"{"receiptIds":["\#(receipt.id.lowercased)"]}"#
        let answers = [
            try await api.send(.get, "/api/v1/claims", key: writer),
            try await api.send(.get, path, key: writer),
            try await api.send(.get, path + "/receipts", key: writer),
            try await api.send(
                .post, "/api/v1/claims", key: reader,
                json: #"{"teamId":"\#(team.lowercased)","title":"Hotel","amount":9}"#),
            try await api.send(.patch, path, key: reader, json: #"{"title":"Renamed"}"#),
            try await api.send(.post, path + "/receipts", key: reader, json: ids),
            try await api.send(.delete, path + "/receipts", key: reader, json: ids),
            try await api.send(.delete, path, key: writer)
        ]
        #expect(answers.map(\.status) == Array(repeating: 403, count: 8))
        #expect(answers.allSatisfy { $0.errorCode == "INSUFFICIENT_PERMISSIONS" })
        #expect(snapshot == [Snapshot(claim: claim, trail: api.claims.trail(claim.id))])
        #expect(api.claims.trail(claim.id).map(\.action) == ["created"])
    }

    @Test("another team's claim: 403 to read, change, delete or attach to; absent from lists; its team 403")
    func foreignTeamClaim() async throws {
        let attacker = key(admin)
        let foreign = try await seedClaim(by: stranger, in: foreignTeam, title: "Secret offsite")
        let own = try await seedReceipt(of: admin)
        let before = snapshot
        let path = "/api/v1/claims/\(foreign.id.lowercased)"
        let ids = #"{"receiptIds":["\#(own.id.lowercased)"]}"#
        let answers = [
            try await api.send(.get, path, key: attacker),
            try await api.send(.patch, path, key: attacker, json: #"{"status":"approved"}"#),
            try await api.send(.put, path, key: attacker, json: #"{"amount":1}"#),
            try await api.send(.delete, path, key: attacker),
            try await api.send(.get, path + "/receipts", key: attacker),
            try await api.send(.post, path + "/receipts", key: attacker, json: ids),
            try await api.send(.delete, path + "/receipts", key: attacker, json: ids),
            try await api.send(.get, "/api/v1/claims?team_id=\(foreignTeam.lowercased)", key: attacker),
            try await api.send(
                .post, "/api/v1/claims", key: attacker,
                json: #"{"teamId":"\#(foreignTeam.lowercased)","title":"Planted","amount":5}"#)
        ]
        #expect(answers.map(\.status) == Array(repeating: 403, count: 9))
        #expect(answers.allSatisfy { $0.errorCode == "ACCESS_DENIED" })
        #expect(snapshot == before)
        let listed = try await api.send(.get, "/api/v1/claims", key: attacker)
        #expect(listed.status == 200 && !listed.body.contains("Secret offsite"))
        #expect(try await api.send(.get, "/api/v1/claims/\(UUID().lowercased)", key: attacker).status == 404)
    }

    @Test("a new claim's receipt attachments must be the caller's or the team's: a foreign one is 403, never shown")
    func plantedAttachment() async throws {
        let foreign = try await seedReceipt(of: stranger, merchant: "Stranger spa")
        let own = try await seedReceipt(of: claimant, merchant: "Own cab")
        let claimantKey = key(claimant)
        func body(_ receipt: Receipt) -> String {
            #"{"teamId":"\#(team.lowercased)","title":"Expenses","amount":5,"#
                + #""attachments":[{"type":"receipt","receiptId":"\#(receipt.id.uuidString)"}]}"#
        }
        let planted = try await api.send(.post, "/api/v1/claims", key: claimantKey, json: body(foreign))
        #expect(planted.status == 403 && !planted.body.contains("Stranger spa"))
        #expect(api.claims.all.isEmpty)
        let missing = try await api.send(
            .post, "/api/v1/claims", key: claimantKey,
            json: #"{"teamId":"\#(team.lowercased)","title":"Expenses","amount":5,"#
                + #""attachments":[{"type":"receipt","receiptId":"\#(UUID().lowercased)"}]}"#)
        #expect(missing.status == 404 && api.claims.all.isEmpty)
        let created = try await api.send(.post, "/api/v1/claims", key: claimantKey, json: body(own))
        #expect(created.status == 201)
        let id = try #require(created.data["id"] as? String)
        let shown = try await api.send(.get, "/api/v1/claims/\(id)/receipts", key: key(viewer))
        #expect((shown.data["receipts"] as? [[String: Any]])?.compactMap { $0["merchant"] as? String } == ["Own cab"])
    }

    @Test("a viewer only reads; a member cannot change another's claim; the claimant cannot approve; admins delete")
    func teamRoles() async throws {
        let claim = try await seedClaim(by: claimant, in: team)
        let receipt = try await seedReceipt(of: viewer)
        let path = "/api/v1/claims/\(claim.id.lowercased)"
        let (viewerKey, memberKey, claimantKey) = (key(viewer), key(member), key(claimant))
        #expect(try await api.send(.get, path, key: viewerKey).status == 200)
        let refused = [
            try await api.send(
                .post, "/api/v1/claims", key: viewerKey,
                json: #"{"teamId":"\#(team.lowercased)","title":"Mine","amount":1}"#),
            try await api.send(.patch, path, key: viewerKey, json: #"{"title":"Viewer edit"}"#),
            try await api.send(
                .post, path + "/receipts", key: viewerKey, json: #"{"receiptIds":["\#(receipt.id.lowercased)"]}"#),
            try await api.send(.patch, path, key: memberKey, json: #"{"title":"Not mine"}"#),
            try await api.send(.patch, path, key: claimantKey, json: #"{"status":"approved"}"#),
            try await api.send(.delete, path, key: memberKey),
            try await api.send(.delete, path, key: claimantKey)
        ]
        #expect(refused.map(\.status) == Array(repeating: 403, count: 7))
        #expect(snapshot == [Snapshot(claim: claim, trail: api.claims.trail(claim.id))])

        #expect(try await api.send(.patch, path, key: claimantKey, json: #"{"status":"submitted"}"#).status == 200)
        #expect(try await api.send(.patch, path, key: claimantKey, json: #"{"title":"Too late"}"#).status == 403)
        let approved = try await api.send(.put, path, key: key(admin), json: #"{"status":"approved"}"#)
        #expect(approved.status == 200 && approved.data["approved_by"] as? String == admin.lowercased)
        let undeletable = try await api.send(.delete, path, key: key(admin))
        #expect(undeletable.status == 400 && api.claims.all.count == 1)
    }

    @Test("the claimant creates, edits and submits; an admin rejects; the audit trail records each step")
    func lifecycle() async throws {
        let claimantKey = key(claimant), adminKey = key(admin)
        let created = try await api.send(
            .post, "/api/v1/claims", key: claimantKey,
            json: #"{"teamId":"\#(team.lowercased)","title":"Flight KUL-SIN","amount":120.5,"priority":"high"}"#)
        #expect(created.status == 201)
        #expect(created.data["status"] as? String == "draft" && created.data["currency"] as? String == "USD")
        #expect(created.data["claimant_id"] as? String == claimant.lowercased)
        let id = try #require(created.data["id"] as? String)
        let path = "/api/v1/claims/\(id)"
        let detail = try await api.send(.get, path, key: key(viewer))
        #expect((detail.data["claim_audit_trail"] as? [[String: Any]])?.count == 1)
        #expect((detail.data["receipts"] as? [Any])?.isEmpty == true)

        #expect(try await api.send(.patch, path, key: claimantKey, json: #"{"description":"return"}"#).status == 200)
        let submitted = try await api.send(
            .patch, path, key: claimantKey, json: #"{"status":"submitted","comment":"please review"}"#)
        #expect(submitted.status == 200 && submitted.data["submitted_at"] is String)
        let rejected = try await api.send(
            .put, path, key: adminKey, json: #"{"status":"rejected","rejectionReason":"no boarding pass"}"#)
        #expect(rejected.data["rejection_reason"] as? String == "no boarding pass")
        #expect(rejected.data["reviewed_by"] as? String == admin.lowercased)
        #expect(try await api.send(.patch, path, key: claimantKey, json: #"{"amount":99}"#).status == 200)
        let trail = try await api.send(.get, path, key: claimantKey).data["claim_audit_trail"] as? [[String: Any]]
        #expect(
            trail?.compactMap { $0["new_status"] as? String } == ["draft", "draft", "submitted", "rejected", "rejected"]
        )
        #expect(trail?.contains { $0["comment"] as? String == "please review" } == true)

        let draft = try await seedClaim(by: member, in: team)
        let deleted = try await api.send(.delete, "/api/v1/claims/\(draft.id.lowercased)", key: adminKey)
        #expect(deleted.status == 200 && deleted.data["claimId"] as? String == draft.id.lowercased)
        #expect(try await api.send(.get, "/api/v1/claims/\(draft.id.lowercased)", key: adminKey).status == 404)
    }

    @Test("list: only the caller's teams, filtered, sorted and paged as the query asks")
    func listing() async throws {
        for (user, title, amount) in [(claimant, "Taxi", 30), (member, "Hotel", 300), (claimant, "Lunch", 12)] {
            _ = try await seedClaim(by: user, in: team, title: title, amount: Decimal(amount))
        }
        _ = try await seedClaim(by: stranger, in: foreignTeam, title: "Offsite", amount: 50)
        let viewerKey = key(viewer)
        func titles(_ query: String) async throws -> [String] {
            let answer = try await api.send(.get, "/api/v1/claims?\(query)", key: viewerKey)
            #expect(answer.status == 200, "\(query)")
            return (answer.data["claims"] as? [[String: Any]] ?? []).compactMap { $0["title"] as? String }
        }
        #expect(try await titles("sort_by=amount&sort_order=asc") == ["Lunch", "Taxi", "Hotel"])
        #expect(try await titles("sort_by=amount&limit=2&page=2") == ["Lunch"])
        #expect(try await titles("min_amount=20&max_amount=100") == ["Taxi"])
        #expect(try await titles("claimant_id=\(claimant.lowercased)&sort_by=title") == ["Taxi", "Lunch"])
        #expect(try await titles("team_id=\(team.lowercased)&status=draft").count == 3)
        #expect(try await titles("end_date=2000-01-01").isEmpty)
        let page = try await api.send(.get, "/api/v1/claims?limit=1", key: viewerKey)
        #expect((page.data["pagination"] as? [String: Any])?["total"] as? Int == 3)
    }

    @Test("receipts: own and the team's attach once each; foreign 403 and unknown 404 change nothing; detach")
    func receipts() async throws {
        let claim = try await seedClaim(by: claimant, in: team)
        let own = try await seedReceipt(of: claimant, merchant: "Own cab")
        let teams = try await seedReceipt(of: admin, team: team, merchant: "Team dinner")
        let foreign = try await seedReceipt(of: stranger, merchant: "Stranger spa")
        let claimantKey = key(claimant)
        let path = "/api/v1/claims/\(claim.id.lowercased)/receipts"
        func ids(_ receipts: [Receipt]) -> String {
            #"{"receiptIds":[\#(receipts.map { "\"\($0.id.lowercased)\"" }.joined(separator: ","))]}"#
        }

        let attached = try await api.send(.post, path, key: claimantKey, json: ids([own, teams, own]))
        #expect(attached.status == 200 && (attached.data["attachedReceipts"] as? [Any])?.count == 2)
        let again = try await api.send(.post, path, key: claimantKey, json: ids([own]))
        #expect(((again.data["claim"] as? [String: Any])?["attachments"] as? [Any])?.count == 2, "no duplicates")
        let before = snapshot
        #expect(try await api.send(.post, path, key: claimantKey, json: ids([foreign])).status == 403)
        let unknown = #"{"receiptIds":["\#(UUID().lowercased)"]}"#
        #expect(try await api.send(.post, path, key: claimantKey, json: unknown).status == 404)
        #expect(snapshot == before)

        let listed = try await api.send(.get, path, key: key(viewer))
        #expect((listed.data["receipts"] as? [Any])?.count == 2)
        #expect(!listed.body.contains("Stranger spa"))
        let detached = try await api.send(.delete, path, key: claimantKey, json: ids([own, foreign]))
        #expect(detached.data["detachedReceiptIds"] as? [String] == [own.id.lowercased])
        let after = try await api.send(.get, path, key: claimantKey)
        #expect(
            (after.data["receipts"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [teams.id.lowercased])
        #expect(
            api.claims.trail(claim.id).map(\.action)
                == ["created", "receipts_attached", "receipts_attached", "receipts_detached"])
    }

    @Test("bad bodies, queries and ids are 400 and change nothing")
    func badInput() async throws {
        let adminKey = key(admin)
        let claim = try await seedClaim(by: admin, in: team)
        let before = snapshot
        let path = "/api/v1/claims/\(claim.id.lowercased)"
        let teamID = team.lowercased
        let answers = [
            try await api.send(.post, "/api/v1/claims", key: adminKey, json: "[1,2"),
            try await api.send(
                .post, "/api/v1/claims", key: adminKey, json: #"{"teamId":7,"title":"Taxi","amount":5}"#),
            try await api.send(
                .post, "/api/v1/claims", key: adminKey,
                json: #"{"teamId":"\#(teamID)","title":"Taxi","amount":"5","attachments":"none"}"#),
            try await api.send(.patch, path, key: adminKey, json: "{}"),
            try await api.send(.patch, path, key: adminKey, json: #"{"title":5}"#),
            try await api.send(.get, "/api/v1/claims/42", key: adminKey),
            try await api.send(.get, "/api/v1/claims?sort_by=amount;drop", key: adminKey),
            try await api.send(.get, "/api/v1/claims?sort_order=sideways", key: adminKey),
            try await api.send(.get, "/api/v1/claims?min_amount=lots", key: adminKey),
            try await api.send(.get, "/api/v1/claims?team_id=nope", key: adminKey),
            try await api.send(.get, "/api/v1/claims?start_date=2026-05-01&end_date=2026-04-01", key: adminKey),
            try await api.send(.post, path + "/receipts", key: adminKey, json: #"{"receiptIds":["nope"]}"#),
            try await api.send(.post, path + "/receipts", key: adminKey, json: #"{"receiptIds":[]}"#),
            try await api.send(.delete, path + "/receipts", key: adminKey, json: #"{"receiptIds":"all"}"#)
        ]
        #expect(answers.map(\.status) == Array(repeating: 400, count: 14))
        let invalid = try await api.send(
            .post, "/api/v1/claims", key: adminKey, json: #"{"title":"ab","amount":0,"priority":"asap"}"#)
        #expect(invalid.invalidFields == ["teamId", "title", "amount", "priority"])
        let changes = try await api.send(.put, path, key: adminKey, json: #"{"status":"done","amount":-3}"#)
        #expect(changes.invalidFields == ["status", "amount"])
        #expect(snapshot == before)
    }
}
