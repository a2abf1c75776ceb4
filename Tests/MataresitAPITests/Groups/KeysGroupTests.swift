import Foundation
import MataresitCore
import Testing

/// `/keys` in process: the attacker's requests first (a least-privileged key, a foreign user), then the owner's.
@Suite("Keys group (in process)")
struct KeysGroupTests {
    let api: InProcessAPI
    let owner = UUID(), stranger = UUID()

    init() throws { api = try InProcessAPI() }

    var policyDenials: Int {
        api.publisher.published.filter {
            if case .securityEvent(let event) = $0.payload { return event.kind == .keyPolicyDenied }
            return false
        }.count
    }

    var lifecycle: [ApiKeyLifecycleEvent.Action] {
        api.publisher.published.compactMap {
            if case .apiKeyLifecycle(let event) = $0.payload { return event.action }
            return nil
        }
    }

    @Test("a read-only key cannot mint a key with a scope it lacks, admin:all included")
    func readOnlyCannotEscalateByCreating() async throws {
        let reader = api.keys.seed(userID: owner, scopes: [.receiptsRead])
        for scopes in [#"["admin:all"]"#, #"["receipts:write"]"#, #"["receipts:read","claims:read"]"#] {
            let answer = try await api.send(
                .post, "/api/v1/keys", key: reader, json: #"{"name":"mine","scopes":\#(scopes)}"#)
            #expect(answer.status == 403, "\(scopes)")
            #expect(answer.errorCode == "INSUFFICIENT_PERMISSIONS")
        }
        #expect(api.keys.all.count == 1)
        #expect(policyDenials == 3)
        #expect(lifecycle.isEmpty)
    }

    @Test("a read-only key cannot widen its own scopes, lift its expiry or re-activate itself")
    func readOnlyCannotEscalateByUpdating() async throws {
        let reader = api.keys.seed(userID: owner, scopes: [.receiptsRead])
        let id = try #require(api.keys.all.first?.summary.id)
        let before = try #require(api.keys.row(id)?.summary)
        let answer = try await api.send(
            .patch, "/api/v1/keys/\(id.lowercased)", key: reader, json: #"{"scopes":["admin:all"]}"#)
        #expect(answer.status == 403)
        #expect(api.keys.row(id)?.summary == before)
    }

    @Test("a foreign user's key is 404 to every operation and stays as it was")
    func foreignKeyIsInvisible() async throws {
        let attacker = api.keys.seed(userID: owner, scopes: Scope.allCases)
        api.keys.seed(userID: stranger, scopes: [.receiptsRead])
        let foreign = try #require(api.keys.all.first { $0.userID == stranger })
        let path = "/api/v1/keys/\(foreign.summary.id.lowercased)"
        let attempts = [
            try await api.send(.get, path, key: attacker),
            try await api.send(.patch, path, key: attacker, json: #"{"name":"taken"}"#),
            try await api.send(.put, path, key: attacker, json: #"{"isActive":false}"#),
            try await api.send(.delete, path, key: attacker),
            try await api.send(.post, path + "/rotate", key: attacker, json: "{}")
        ]
        #expect(attempts.map(\.status) == [404, 404, 404, 404, 404])
        #expect(api.keys.row(foreign.summary.id)?.summary == foreign.summary)
        let listed = try await api.send(.get, "/api/v1/keys", key: attacker)
        #expect(!listed.body.contains(foreign.summary.id.lowercased))
    }

    @Test("no key, a malformed key, an unknown key and a key revoked on this instance are 401, with an event each")
    func unauthenticated() async throws {
        let revoked = api.keys.seed(userID: owner, scopes: [.receiptsRead])
        let id = try #require(api.keys.all.first?.summary.id)
        #expect(try await api.send(.delete, "/api/v1/keys/\(id.lowercased)", key: revoked).status == 200)
        let statuses = [
            try await api.send(.get, "/api/v1/keys").status,
            try await api.send(.get, "/api/v1/keys", headers: [.init("X-API-Key")!: "mk_live_nothex"]).status,
            try await api.send(.get, "/api/v1/keys", key: .generate(mode: .live)).status,
            try await api.send(.get, "/api/v1/keys", key: revoked).status
        ]
        #expect(statuses == [401, 401, 401, 401])
        let requestEvents = api.publisher.published.filter { if case .apiRequest = $0.payload { true } else { false } }
        #expect(requestEvents.count == 5)
    }

    @Test("the owner creates a key (secret shown once), lists it without the secret, rotates and revokes it")
    func ownerLifecycle() async throws {
        let admin = api.keys.seed(userID: owner, scopes: Scope.allCases)
        let created = try await api.send(
            .post, "/api/v1/keys", key: admin, json: #"{"name":"ci key","scopes":["receipts:read"]}"#)
        #expect(created.status == 201)
        let secret = try #require(created.data["apiKey"] as? String)
        let id = try #require(created.data["id"] as? String)
        let listed = try await api.send(.get, "/api/v1/keys", key: admin)
        #expect(listed.status == 200 && listed.body.contains(id) && !listed.body.contains(secret))
        let rotated = try await api.send(.post, "/api/v1/keys/\(id)/rotate", key: admin, json: #"{"graceHours":0}"#)
        #expect(rotated.status == 201)
        let successor = try #require(rotated.data["id"] as? String)
        #expect((rotated.data["previous"] as? [String: Any])?["rotated_to"] as? String == successor)
        #expect(try await api.send(.delete, "/api/v1/keys/\(successor)", key: admin).status == 200)
        #expect(try await api.send(.delete, "/api/v1/keys/\(successor)", key: admin).status == 403)
        #expect(lifecycle == [.created, .rotated, .created, .revoked])
    }

    @Test("API_KEY_MAX_ACTIVE stops creation with 409; a team the caller is not in is 403")
    func limitsAndTeams() async throws {
        let limited = try InProcessAPI { $0.maxActiveKeysPerUser = 2 }
        let admin = limited.keys.seed(userID: owner, scopes: Scope.allCases)
        let body = #"{"name":"one more"}"#
        #expect(try await limited.send(.post, "/api/v1/keys", key: admin, json: body).status == 201)
        let refused = try await limited.send(.post, "/api/v1/keys", key: admin, json: body)
        #expect(refused.status == 409)
        let team = UUID()
        limited.teams.add(stranger, to: team, as: .owner)
        let teamKey = try await limited.send(
            .post, "/api/v1/keys", key: admin, json: #"{"name":"team key","teamId":"\#(team.lowercased)"}"#)
        #expect(teamKey.status == 403)
        #expect(limited.keys.all.count == 2)
    }

    @Test("bad bodies and ids are 400 and change nothing")
    func badInput() async throws {
        let admin = api.keys.seed(userID: owner, scopes: Scope.allCases)
        let answers = [
            try await api.send(.post, "/api/v1/keys", key: admin, json: "{not json"),
            try await api.send(.post, "/api/v1/keys", key: admin, json: #"{"name":"ab"}"#),
            try await api.send(.post, "/api/v1/keys", key: admin, json: #"{"name":"okay","scopes":["root"]}"#),
            try await api.send(.post, "/api/v1/keys", key: admin, json: #"{"name":7}"#),
            try await api.send(.get, "/api/v1/keys/not-a-uuid", key: admin)
        ]
        #expect(answers.map(\.status) == [400, 400, 400, 400, 400])
        #expect(api.keys.all.count == 1)
    }
}
