import Foundation
import Hummingbird
import MataresitCore
import MataresitStore

/// `/keys`: the caller's own API keys. Create returns the key once; revoke deactivates (kept for the audit
/// trail); rotate issues a new key and lets the old one expire after a grace period. Every change is an
/// `api_key.lifecycle` event. Every operation obeys `KeyPolicy`; a refusal is 403 INSUFFICIENT_PERMISSIONS and a
/// `key_policy_denied` security event (an audit row).
struct KeysController {
    let keys: any APIKeyRepository
    let teams: any TeamRepository
    let publisher: any EventPublishing
    let producer: String
    /// `API_KEY_MAX_ACTIVE`: a create past it answers 409.
    let maxActiveKeys: Int
    /// The authenticator's cache, emptied of a key this instance changes.
    let keyCache: APIKeyCache

    func register(on routes: VersionedRoutes) {
        routes.on(.get, "keys", list)
        routes.on(.post, "keys", create)
        routes.on(.get, "keys/{id}", get)
        routes.on(.patch, "keys/{id}", update)
        routes.on(.put, "keys/{id}", update)
        routes.on(.delete, "keys/{id}", revoke)
        routes.on(.post, "keys/{id}/rotate", rotate)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let all = try await keys.list(userID: caller.userID)
        return try APIResponse.success(KeyList(apiKeys: all, total: all.count))
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        guard let key = try await keys.summary(id: try keyID(context), userID: caller.userID) else {
            throw APIError.notFound("API key")
        }
        return try APIResponse.success(key)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let body = try await RequestBody.jsonObject(request, context: context)
        let input = try KeyInput.creation(body, actor: caller.actor)
        if let refusal = KeyPolicy.refusal(creating: input.terms, by: caller.actor) {
            throw refuse(refusal, operation: "create", target: nil, request: request, context: context)
        }
        if let teamID = input.teamID, try await teams.role(teamID: teamID, userID: caller.userID) == nil {
            throw APIError(status: .forbidden, code: .accessDenied, message: "Not a member of this team")
        }
        let secret = APIKeySecret.generate(mode: caller.key.prefix.hasPrefix("mk_test_") ? .test : .live)
        let created = try await keys.create(
            secret: secret, userID: caller.userID, teamID: input.teamID, name: input.name,
            description: input.description, scopes: input.terms.scopes, expiresAt: input.terms.expiresAt,
            allowedIPs: input.terms.allowedIPs, maxActive: maxActiveKeys)
        guard let id = created else { throw APIError.tooManyKeys(maxActiveKeys) }
        guard let summary = try await keys.summary(id: id, userID: caller.userID) else {
            throw APIError.notFound("API key")
        }
        emit(.created, key: summary, caller: caller)
        return try APIResponse.success(CreatedKey(key: summary, secret: secret), status: .created)
    }

    func keyID(_ context: AppRequestContext) throws -> UUID {
        guard let id = context.parameters.get("id").flatMap(UUID.init(uuidString:)) else {
            throw APIError.validation([("id", "id must be a UUID")])
        }
        return id
    }

    func emit(_ action: ApiKeyLifecycleEvent.Action, key: APIKeySummary, caller: AuthenticatedCaller) {
        emit([ApiKeyLifecycleEvent(action, of: key, owner: caller.userID, actor: caller.userID)])
    }

    func emit(_ events: [ApiKeyLifecycleEvent]) {
        for event in events {
            keyCache.evict(keyID: event.apiKeyID)
            publisher.publish(
                EventEnvelope(
                    occurredAtMicros: Date().microsecondsSince1970, producer: producer, payload: .apiKeyLifecycle(event)
                ))
        }
    }
}

struct KeyList: Encodable {
    let apiKeys: [APIKeySummary]
    let total: Int
}

/// The one response that ever contains a key.
struct CreatedKey: Encodable {
    let key: APIKeySummary
    let secret: APIKeySecret

    enum CodingKeys: String, CodingKey { case apiKey, keyPrefix, message }

    func encode(to encoder: any Encoder) throws {
        try key.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(secret.value, forKey: .apiKey)
        try container.encode(secret.displayPrefix, forKey: .keyPrefix)
        try container.encode("Store this key now: it is shown only once.", forKey: .message)
    }
}

struct RotatedKey: Encodable {
    let key: CreatedKey
    let previous: APIKeySummary

    enum CodingKeys: String, CodingKey { case previous }

    func encode(to encoder: any Encoder) throws {
        try key.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(previous, forKey: .previous)
    }
}
