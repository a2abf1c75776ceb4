import Foundation
import Hummingbird
import MataresitCore
import MataresitStore

/// `/keys`: the caller's own API keys. Create returns the key once; revoke deactivates (kept for the audit
/// trail); rotate issues a new key and lets the old one expire after a grace period. Every change is an
/// `api_key.lifecycle` event.
struct KeysController {
    let keys: APIKeyStore
    let teams: TeamStore
    let publisher: any EventPublishing
    let producer: String

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
        let input = try KeyInput.creation(try await RequestBody.jsonObject(request, context: context), caller: caller)
        if let teamID = input.teamID, try await teams.role(teamID: teamID, userID: caller.userID) == nil {
            throw APIError(status: .forbidden, code: .accessDenied, message: "Not a member of this team")
        }
        let secret = APIKeySecret.generate(mode: caller.key.prefix.hasPrefix("mk_test_") ? .test : .live)
        let id = try await keys.create(
            secret: secret, userID: caller.userID, teamID: input.teamID, name: input.name,
            description: input.description, scopes: input.scopes, expiresAt: input.expiresAt,
            allowedIPs: input.allowedIPs)
        guard let summary = try await keys.summary(id: id, userID: caller.userID) else { throw APIError.notFound("API key") }
        emit(.created, key: summary, caller: caller)
        return try APIResponse.success(CreatedKey(key: summary, secret: secret), status: .created)
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let changes = try KeyInput.changes(try await RequestBody.jsonObject(request, context: context), caller: caller)
        guard let key = try await keys.update(id: try keyID(context), userID: caller.userID, changes: changes) else {
            throw APIError.notFound("API key")
        }
        emit(changes.isActive == false ? .revoked : .updated, key: key, caller: caller)
        return try APIResponse.success(key)
    }

    @Sendable func revoke(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        guard let key = try await keys.revoke(id: try keyID(context), userID: caller.userID) else {
            throw APIError.notFound("API key")
        }
        emit(.revoked, key: key, caller: caller)
        return try APIResponse.success(["message": "API key revoked", "keyId": key.id.lowercased])
    }

    @Sendable func rotate(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let body = try await RequestBody.optionalJSONObject(request, context: context)
        let grace = try KeyInput.graceHours(body)
        let secret = APIKeySecret.generate(mode: caller.key.prefix.hasPrefix("mk_test_") ? .test : .live)
        guard
            let (old, new) = try await keys.rotate(
                id: try keyID(context), userID: caller.userID, secret: secret, grace: .seconds(grace * 3600))
        else { throw APIError.notFound("active API key") }
        emit(.rotated, key: old, caller: caller, replacedBy: new.id)
        emit(.created, key: new, caller: caller)
        return try APIResponse.success(RotatedKey(key: CreatedKey(key: new, secret: secret), previous: old), status: .created)
    }

    private func keyID(_ context: AppRequestContext) throws -> UUID {
        guard let id = context.parameters.get("id").flatMap(UUID.init(uuidString:)) else {
            throw APIError.validation([("id", "id must be a UUID")])
        }
        return id
    }

    private func emit(
        _ action: ApiKeyLifecycleEvent.Action, key: APIKeySummary, caller: AuthenticatedCaller, replacedBy: UUID? = nil
    ) {
        let event = ApiKeyLifecycleEvent(
            apiKeyID: key.id, userID: caller.userID, action: action, actorUserID: caller.userID,
            replacedBy: replacedBy, keyPrefix: key.keyPrefix, expiresAt: key.expiresAt)
        publisher.publish(
            EventEnvelope(occurredAtMicros: Date().microsecondsSince1970, producer: producer, payload: .apiKeyLifecycle(event)))
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
