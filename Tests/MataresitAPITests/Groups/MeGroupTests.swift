import Foundation
import MataresitCore
import MataresitStore
import Testing

/// `/me`, `/categories`, `/me/export` and erasure requests in process: who may ask, and whose data comes back.
@Suite("Me, categories and personal data (in process)")
struct MeGroupTests {
    let api: InProcessAPI
    let user = UUID(), other = UUID()

    init() throws {
        api = try InProcessAPI()
        api.users.add(user, email: "me@x.test", tier: .pro)
        api.users.add(other, email: "other@x.test")
    }

    var erasures: [ErasureRequested] {
        api.publisher.published.compactMap { if case .erasureRequested(let value) = $0.payload { value } else { nil } }
    }

    @Test("erasure requests: only admin:all; an unknown user is 404; nothing is published when refused")
    func erasureRefusals() async throws {
        let everythingButAdmin = api.keys.seed(userID: user, scopes: Scope.allButAdmin)
        let admin = api.keys.seed(userID: user, scopes: [.adminAll])
        let body = #"{"user_id":"\#(other.lowercased)","reason":"request"}"#
        #expect(
            try await api.send(.post, "/api/v1/admin/gdpr/erasures", key: everythingButAdmin, json: body).status == 403)
        let unknown = #"{"user_id":"\#(UUID().lowercased)"}"#
        #expect(try await api.send(.post, "/api/v1/admin/gdpr/erasures", key: admin, json: unknown).status == 404)
        for bad in ["{}", #"{"user_id":"x"}"#, "nope"] {
            #expect(try await api.send(.post, "/api/v1/admin/gdpr/erasures", key: admin, json: bad).status == 400)
        }
        #expect(erasures.isEmpty)
    }

    @Test("an admin's erasure request is accepted (202) and published once, naming the requester")
    func erasureAccepted() async throws {
        let admin = api.keys.seed(userID: user, scopes: [.adminAll])
        let answer = try await api.send(
            .post, "/api/v1/admin/gdpr/erasures", key: admin, json: #"{"user_id":"\#(other.lowercased)"}"#)
        #expect(answer.status == 202 && answer.data["status"] as? String == "accepted")
        #expect(erasures.count == 1 && erasures.first?.userID == other && erasures.first?.requestedBy == user)
    }

    @Test("/me and /me/export show the caller's own data only, and need profile:read")
    func ownDataOnly() async throws {
        _ = try await api.receipts.create(
            NewReceipt(merchant: "Mine", date: "2026-11-01", total: 1), userID: user, monthlyLimit: nil)
        _ = try await api.receipts.create(
            NewReceipt(merchant: "Theirs", date: "2026-11-01", total: 1), userID: other, monthlyLimit: nil)
        let key = api.keys.seed(userID: user, scopes: [.profileRead])
        let me = try await api.send(.get, "/api/v1/me", key: key)
        #expect(me.status == 200 && me.body.contains("me@x.test") && !me.body.contains("other@x.test"))
        let export = try await api.send(.get, "/api/v1/me/export", key: key)
        #expect(export.status == 200 && export.body.contains("Mine") && !export.body.contains("Theirs"))
        let noScope = api.keys.seed(userID: user, scopes: [.receiptsRead])
        #expect(try await api.send(.get, "/api/v1/me", key: noScope).status == 403)
        #expect(try await api.send(.get, "/api/v1/me/export", key: noScope).status == 403)
    }

    @Test("categories: own list; a team the caller is not in is 403; a bad team id 400")
    func categories() async throws {
        let key = api.keys.seed(userID: user, scopes: [.categoriesRead])
        #expect(try await api.send(.get, "/api/v1/categories", key: key).status == 200)
        let foreignTeam = api.teamDirectory.create("Elsewhere", owner: other)
        #expect(
            try await api.send(.get, "/api/v1/categories?team_id=\(foreignTeam.lowercased)", key: key).status == 403)
        #expect(try await api.send(.get, "/api/v1/categories?team_id=zzz", key: key).status == 400)
    }
}
