import Foundation
import MataresitCore
import MataresitStore
import Testing

/// Every operation of the served OpenAPI document, called on the caller's own resources by keys with no scope, each
/// single scope, every scope but `admin:all`, `admin:all`, and no key at all. An operation the policy does not allow
/// must never answer 2xx; a read it allows must not answer 401 or 403. The policy comes from the document itself
/// (`Requires the X scope`) plus the key-management policy for `/keys`. Foreign resources: `TenantIsolationTests`.
@Suite("Authorization matrix", .serialized)
struct AuthorizationMatrixTests {
    struct Caller {
        let name: String
        let key: APIKeySecret?
        let scopes: Set<Scope>
    }

    @Test("no operation answers 2xx to a caller the policy refuses")
    func everyOperationEveryScope() async throws {
        try await TestDatabase.with { database in
            let owner = try await TestTenant.create(in: database, tier: .max)
            // Limits out of the way: a 429 would answer every call after the tier's 400th, and prove nothing.
            let unlimited = RateLimitPolicy(windows: [.max: [.init(name: "minute", seconds: 60, limit: 1_000_000)]])
            try await RunningSystem.with(
                database: database, cluster: try TestCluster(), stages: [],
                configure: { $0.api?.rateLimitPolicy = unlimited }
            ) { system in
                let resources = try await OwnResources.make(owner, system)
                let callers = try await makeCallers(owner, database)
                let operations = try await TenantIsolationTests().servedOperations(system)
                let document = try await system.request("GET", "/api/v1/openapi.json")
                var refusals = 0, allowedReads = 0
                for (method, template) in operations {
                    let rule = try Rule(method: method, template: template, document: document)
                    let path = resources.fill(template)
                    for caller in callers {
                        let allowed = rule.allows(caller.scopes, authenticated: caller.key != nil, resources)
                        guard !allowed || method == "GET" else { continue }  // allowed writes would change the fixture
                        let response = try await system.send(
                            method, path, key: caller.key, json: resources.body(method, template))
                        if caller.key != nil {  // without a key, the failed-auth lockout answers 429 after 20 tries
                            #expect(response.status != 429, "\(caller.name): \(method) \(template) was rate-limited")
                        }
                        if allowed {
                            #expect(
                                ![401, 403].contains(response.status), "\(caller.name): \(method) \(template) refused")
                            allowedReads += 1
                        } else {
                            #expect(
                                !(200..<300).contains(response.status),
                                "\(caller.name): \(method) \(template) answered \(response.status): \(response.raw.prefix(200))"
                            )
                            refusals += 1
                        }
                    }
                }
                #expect(refusals > 300 && allowedReads > 100, "refusals \(refusals), allowed reads \(allowedReads)")
                #expect(try await resources.unchanged(database), "a refused call changed the owner's data")
            }
        }
    }

    /// Keys of the owner: none, each single scope, all but admin, admin; and no key.
    func makeCallers(_ owner: TestTenant, _ database: TestDatabase) async throws -> [Caller] {
        var callers = [Caller(name: "no key", key: nil, scopes: [])]
        let sets: [(String, [Scope])] =
            [("no scope", [])] + Scope.allCases.map { ($0.rawValue, [$0]) }
            + [("all but admin", Scope.allButAdmin)]
        for (name, scopes) in sets {
            callers.append(
                Caller(name: name, key: try await owner.key(scopes: scopes, in: database), scopes: Set(scopes)))
        }
        return callers
    }
}

/// What one operation requires, read from the OpenAPI document.
struct Rule {
    let method: String
    let template: String
    /// nil: any authenticated key (or none, for public operations).
    let scope: Scope?
    let isPublic: Bool

    init(method: String, template: String, document: HTTPResult) throws {
        let paths = try #require(document.json?["paths"] as? [String: [String: Any]])
        let relative = template.replacingOccurrences(of: "/api/v1", with: "")
        let item = try #require(paths[template] ?? paths[relative], "\(template) not in the document")
        let operation = try #require(item[method.lowercased()] as? [String: Any])
        let description = operation["description"] as? String ?? ""
        let named = description.split(separator: "`").dropFirst().first.map(String.init)
        self.method = method
        self.template = template
        scope = description.hasPrefix("Requires the") ? named.flatMap(Scope.init(rawValue:)) : nil
        isPublic = (operation["security"] as? [Any])?.isEmpty == true
    }

    /// The policy: the document's scope (`admin:all` passes every check), and for `/keys` the key-management policy
    /// (a key acts only on keys whose scopes are a subset of its own; creates only such keys).
    func allows(_ scopes: Set<Scope>, authenticated: Bool, _ resources: OwnResources) -> Bool {
        if isPublic { return true }
        guard authenticated else { return false }
        if scopes.contains(.adminAll) { return true }
        if let scope, !scopes.contains(scope) { return false }
        guard template.hasPrefix("/api/v1/keys") else { return true }
        if method == "GET" { return true }
        if template == "/api/v1/keys" { return resources.createdScopes.isSubset(of: scopes) }
        return resources.siblingScopes.isSubset(of: scopes)
    }
}

/// The owner's receipt, team claim and a sibling key with every scope but admin, created through the API.
struct OwnResources {
    let owner: TestTenant
    let receiptID: String
    let claimID: String
    let siblingKeyID: String
    let siblingScopes = Set(Scope.allButAdmin)
    let createdScopes: Set<Scope> = [.receiptsRead]

    static func make(_ owner: TestTenant, _ system: RunningSystem) async throws -> OwnResources {
        let receipt = try await system.send(
            "POST", "/api/v1/receipts", key: owner.key,
            json: ["merchant": "Matrix Mart", "date": "2026-03-04", "total": 8.8, "teamId": owner.teamID.lowercased])
        let claim = try await system.send(
            "POST", "/api/v1/claims", key: owner.key,
            json: ["teamId": owner.teamID.lowercased, "title": "matrix claim", "amount": 10.5])
        let sibling = try await system.send(
            "POST", "/api/v1/keys", key: owner.key,
            json: ["name": "sibling", "scopes": Scope.allButAdmin.map(\.rawValue)])
        #expect(receipt.status == 201 && claim.status == 201 && sibling.status == 201)
        return OwnResources(
            owner: owner, receiptID: try #require(receipt.data?["id"] as? String),
            claimID: try #require(claim.data?["id"] as? String),
            siblingKeyID: try #require(sibling.data?["id"] as? String))
    }

    func fill(_ template: String) -> String {
        let id: String
        if template.contains("/receipts/{id}") {
            id = receiptID
        } else if template.contains("/claims/{id}") {
            id = claimID
        } else if template.contains("/keys/{id}") {
            id = siblingKeyID
        } else {
            id = owner.teamID.lowercased
        }
        return template.replacingOccurrences(of: "{userId}", with: owner.user.id.lowercased)
            .replacingOccurrences(of: "{id}", with: id)
    }

    /// A body that passes validation where it can, so a refusal comes from the policy, not from the input.
    func body(_ method: String, _ template: String) -> [String: Any]? {
        guard ["POST", "PUT", "PATCH"].contains(method) else { return nil }
        return [
            "merchant": "Matrix Mart 2", "date": "2026-03-05", "total": 1.5, "title": "matrix title", "amount": 2.5,
            "teamId": owner.teamID.lowercased, "name": "matrix", "query": "Matrix", "receiptIds": [receiptID],
            "user_id": owner.user.id.lowercased, "user_ids": [owner.user.id.lowercased], "new_role": "member",
            "scopes": createdScopes.map(\.rawValue), "isActive": false,
            "receipts": [["merchant": "M", "date": "2026-01-01", "total": 1]]
        ]
    }

    /// Whether the owner's receipt, claim and sibling key are as created.
    func unchanged(_ database: TestDatabase) async throws -> Bool {
        let receipts = try await database.scalar(
            "SELECT count(*) FROM receipts WHERE id = \(UUID(uuidString: receiptID)!) AND merchant = 'Matrix Mart'")
        let claims = try await database.scalar(
            "SELECT count(*) FROM claims WHERE id = \(UUID(uuidString: claimID)!) AND title = 'matrix claim'")
        let keys = try await database.scalar(
            "SELECT count(*) FROM api_keys WHERE id = \(UUID(uuidString: siblingKeyID)!) AND is_active AND name = 'sibling'"
        )
        let users = try await database.scalar("SELECT count(*) FROM users WHERE id = \(owner.user.id)")
        return receipts == 1 && claims == 1 && keys == 1 && users == 1
    }
}
