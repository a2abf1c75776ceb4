import Foundation
import MataresitCore
import MataresitStore
import Testing

/// Regression tests of issue 15 (key management): each attack a low-scope key made is now refused with 403
/// INSUFFICIENT_PERMISSIONS and an audit row, and changes nothing.
@Suite("Key policy over HTTP: no escalation through rotate or PATCH, revoked stays revoked")
struct KeyPolicyAttackTests {
    @Test("a receipts:read key cannot rotate its sibling admin:all key; a foreign key id is 404")
    func readerRotatesAdmin() async throws {
        try await TestDatabase.with { database in
            let tenant = try await TestTenant.create(in: database, scopes: [.receiptsRead])
            let admin = try await tenant.key(scopes: [.adminAll], in: database)
            let stranger = try await TestTenant.create(in: database, scopes: [.adminAll])
            let adminID = try await database.keyID(of: admin)
            let readerID = try await database.keyID(of: tenant.key)
            try await RunningSystem.with(database: database, cluster: try TestCluster(), stages: ["audit"]) { system in
                let before = try await database.keyCount(of: tenant.user.id)
                let rotated = try await system.send(
                    "POST", "/api/v1/keys/\(adminID)/rotate", key: tenant.key, json: [:])
                #expect(rotated.isPolicyRefusal, "\(rotated.json ?? [:])")
                #expect(rotated.json?["apiKey"] == nil)
                #expect(try await database.keyCount(of: tenant.user.id) == before, "no successor row")
                let patched = try await system.send(
                    "PATCH", "/api/v1/keys/\(adminID)", key: tenant.key, json: ["name": "mine now"])
                #expect(patched.isPolicyRefusal)
                #expect(try await database.awaitRefusalRow(by: readerID, rule: "target_scopes_not_held"))

                for (method, path) in [("POST", "/rotate"), ("PATCH", ""), ("PUT", ""), ("DELETE", "")] {
                    let foreign = try await system.send(
                        method, "/api/v1/keys/\(adminID)\(path)", key: stranger.key, json: ["name": "taken"])
                    #expect(foreign.status == 404 && foreign.code == "RESOURCE_NOT_FOUND", "\(method) \(path)")
                }
                #expect(try await database.keyCount(of: tenant.user.id) == before)
            }
        }
    }

    @Test("isActive:true never revives a revoked key, nor does a second revocation pass")
    func revokedStaysRevoked() async throws {
        try await TestDatabase.with { database in
            let tenant = try await TestTenant.create(in: database)
            let sibling = try await tenant.key(scopes: [.receiptsRead], in: database)
            let siblingID = try await database.keyID(of: sibling)
            let actorID = try await database.keyID(of: tenant.key)
            try await RunningSystem.with(database: database, cluster: try TestCluster(), stages: ["audit"]) { system in
                #expect(try await system.send("DELETE", "/api/v1/keys/\(siblingID)", key: tenant.key).status == 200)
                for body: [String: Any] in [["isActive": true], ["isActive": true, "name": "back again"]] {
                    for method in ["PATCH", "PUT"] {
                        let revived = try await system.send(
                            method, "/api/v1/keys/\(siblingID)", key: tenant.key, json: body)
                        #expect(revived.isPolicyRefusal, "\(method) \(body): \(revived.json ?? [:])")
                    }
                }
                let stillRevoked = try await database.scalar(
                    "SELECT count(*) FROM api_keys WHERE id = \(siblingID) AND NOT is_active AND revoked_at IS NOT NULL"
                )
                #expect(stillRevoked == 1)
                let revoked = try await awaitStatus(401) {
                    try await system.send("GET", "/api/v1/receipts", key: sibling)
                }
                #expect(revoked.status == 401, "refused once the key cache expires")
                #expect(try await system.send("DELETE", "/api/v1/keys/\(siblingID)", key: tenant.key).isPolicyRefusal)
                #expect(try await database.awaitRefusalRow(by: actorID, rule: "revoked_is_terminal"))
            }
        }
    }

    @Test("expired and rotated-out keys cannot be revived by a later expiresAt, nor rotated")
    func expiredAndRotatedOutAreImmutable() async throws {
        try await TestDatabase.with { database in
            let tenant = try await TestTenant.create(in: database)
            let expiredID = try await database.keyID(of: try await tenant.expiredKey(in: database))
            let rotatedID = try await database.keyID(of: try await tenant.key(scopes: [.receiptsRead], in: database))
            let actorID = try await database.keyID(of: tenant.key)
            let later = ISO8601DateFormatter().string(from: Date().addingTimeInterval(30 * 86_400))
            try await RunningSystem.with(database: database, cluster: try TestCluster(), stages: ["audit"]) { system in
                let rotation = try await system.send(
                    "POST", "/api/v1/keys/\(rotatedID)/rotate", key: tenant.key, json: ["graceHours": 1])
                #expect(rotation.status == 201)
                for id in [expiredID, rotatedID] {
                    let revived = try await system.send(
                        "PATCH", "/api/v1/keys/\(id)", key: tenant.key, json: ["expiresAt": later])
                    #expect(revived.isPolicyRefusal, "\(revived.json ?? [:])")
                    let again = try await system.send("POST", "/api/v1/keys/\(id)/rotate", key: tenant.key, json: [:])
                    #expect(again.isPolicyRefusal)
                }
                let unextended = try await database.scalar(
                    """
                    SELECT count(*) FROM api_keys
                    WHERE id IN (\(expiredID), \(rotatedID)) AND expires_at < now() + interval '2 hours'
                    """)
                #expect(unextended == 2)
                #expect(try await database.awaitRefusalRow(by: actorID, rule: "immutable_expired"))
                #expect(try await database.awaitRefusalRow(by: actorID, rule: "immutable_rotated_out"))
            }
        }
    }

    @Test("a key is only tightened: no emptied allow-list, no added scope; narrowing works")
    func tightenOnly() async throws {
        try await TestDatabase.with { database in
            let tenant = try await TestTenant.create(in: database)
            let actorID = try await database.keyID(of: tenant.key)
            try await RunningSystem.with(database: database, cluster: try TestCluster(), stages: ["audit"]) { system in
                let office = ["203.0.113.0/24", "198.51.100.7"]
                let created = try await system.send(
                    "POST", "/api/v1/keys", key: tenant.key,
                    json: ["name": "office", "scopes": ["receipts:read"], "allowedIps": office])
                let id = try #require(created.data?["id"] as? String)
                func patch(_ json: [String: Any]) async throws -> HTTPResult {
                    try await system.send("PATCH", "/api/v1/keys/\(id)", key: tenant.key, json: json)
                }
                let emptied = try await patch(["allowedIps": []])
                #expect(emptied.isPolicyRefusal, "\(emptied.json ?? [:])")
                #expect(try await patch(["allowedIps": ["203.0.113.0/24", "192.0.2.1"]]).isPolicyRefusal)
                #expect(try await patch(["scopes": ["receipts:read", "receipts:write"]]).isPolicyRefusal)
                let narrowed = try await patch(["allowedIps": ["203.0.113.0/24"], "name": "office 2"])
                #expect(narrowed.status == 200)
                #expect(narrowed.data?["allowed_ips"] as? [String] == ["203.0.113.0/24"])
                #expect(narrowed.data?["scopes"] as? [String] == ["receipts:read"])
                #expect(try await database.awaitRefusalRow(by: actorID, rule: "widening_allow_list"))
                #expect(try await database.awaitRefusalRow(by: actorID, rule: "widening_scopes"))
            }
        }
    }

    @Test("a rotation's successor expires at the same instant as its predecessor did")
    func successorKeepsExpiry() async throws {
        try await TestDatabase.with { database in
            let tenant = try await TestTenant.create(in: database)
            let inTwoHours = ISO8601DateFormatter().string(from: Date().addingTimeInterval(2 * 3600))
            try await RunningSystem.with(database: database, cluster: try TestCluster(), stages: []) { system in
                let created = try await system.send(
                    "POST", "/api/v1/keys", key: tenant.key,
                    json: ["name": "short lived", "scopes": ["receipts:read"], "expiresAt": inTwoHours])
                let id = try #require(created.data?["id"] as? String)
                let expiry = try #require(created.data?["expires_at"] as? String)
                let rotated = try await system.send("POST", "/api/v1/keys/\(id)/rotate", key: tenant.key, json: [:])
                #expect(rotated.status == 201)
                let successorExpiry = rotated.data?["expires_at"] as? String
                #expect(successorExpiry == expiry, "the successor never outlives its predecessor")
                #expect((rotated.data?["previous"] as? [String: Any])?["expires_at"] as? String == expiry)
            }
        }
    }
}
