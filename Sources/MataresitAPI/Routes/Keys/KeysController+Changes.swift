import Foundation
import Hummingbird
import MataresitCore
import MataresitStore

/// Changes to existing keys: each goes through the store under `KeyPolicy`, checked on the locked row.
extension KeysController {
    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let changes = try KeyInput.changes(try await RequestBody.jsonObject(request, context: context))
        let id = try keyID(context)
        let outcome = try await keys.update(id: id, userID: caller.userID, changes: changes, by: caller.actor)
        let key = try resolve(outcome, operation: "update", target: id, request: request, context: context)
        emit(changes.revokes ? .revoked : .updated, key: key, caller: caller)
        return try APIResponse.success(key)
    }

    @Sendable func revoke(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let id = try keyID(context)
        let outcome = try await keys.revoke(id: id, userID: caller.userID, by: caller.actor)
        let key = try resolve(outcome, operation: "revoke", target: id, request: request, context: context)
        emit(.revoked, key: key, caller: caller)
        return try APIResponse.success(["message": "API key revoked", "keyId": key.id.lowercased])
    }

    @Sendable func rotate(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let grace = try KeyInput.graceHours(try await RequestBody.optionalJSONObject(request, context: context))
        let id = try keyID(context)
        let secret = APIKeySecret.generate(mode: caller.key.prefix.hasPrefix("mk_test_") ? .test : .live)
        let outcome = try await keys.rotate(
            id: id, userID: caller.userID, secret: secret, grace: .seconds(grace * 3600), by: caller.actor)
        let rotation = try resolve(outcome, operation: "rotate", target: id, request: request, context: context)
        emit(rotation.lifecycleEvents(owner: caller.userID, actor: caller.userID))
        let body = RotatedKey(key: CreatedKey(key: rotation.new, secret: secret), previous: rotation.old)
        return try APIResponse.success(body, status: .created)
    }
}
