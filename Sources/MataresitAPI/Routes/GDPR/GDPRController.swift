import Foundation
import Hummingbird
import MataresitCore
import MataresitStore

/// Personal-data rights: `POST /admin/gdpr/erasures {user_id}` (admin:all) asks the erasure stage to erase a
/// user (202: it happens asynchronously, exactly once); `GET /me/export` (profile:read) returns everything held
/// about the caller as JSON.
struct GDPRController: Sendable {
    /// The access-log section of `/me/export` holds at most this many rows (newest first); the CLI has no bound.
    static let exportAccessLogLimit = 10_000

    let users: any UserRepository
    let export: any PersonalDataExporting
    let publisher: any EventPublishing
    let producer: String

    func register(on routes: VersionedRoutes) {
        routes.on(.post, "admin/gdpr/erasures", requestErasure)
        routes.on(.get, "me/export", exportMine)
    }

    @Sendable func requestErasure(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller(with: .adminAll)
        var fields = FieldReader(try await RequestBody.jsonObject(request, context: context))
        let userID = fields.uuid("user_id") ?? fields.uuid("userId")
        let reason = fields.string("reason", maxLength: 200) ?? ""
        if fields.object["user_id"] == nil, fields.object["userId"] == nil {
            fields.fail("user_id", "user_id is required")
        }
        guard fields.problems.isEmpty, let userID else { throw APIError.validation(fields.problems) }
        guard try await users.profile(userID: userID) != nil else { throw APIError.notFound("User") }
        let erasure = ErasureRequested(userID: userID, requestedBy: caller.userID, reason: reason)
        publisher.publish(
            EventEnvelope(
                occurredAtMicros: Date().microsecondsSince1970, producer: producer,
                payload: .erasureRequested(erasure)))
        return try APIResponse.success(
            ErasureAccepted(erasureId: erasure.erasureID.lowercased, userId: userID.lowercased), status: .accepted)
    }

    @Sendable func exportMine(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller(with: .profileRead)
        guard
            let document = try await export.document(
                userID: caller.userID, accessLogLimit: Self.exportAccessLogLimit)
        else { throw APIError.notFound("User") }
        let value = try JSONDecoder().decode(JSONValue.self, from: Data(document.utf8))
        return try APIResponse.success(value)
    }
}

struct ErasureAccepted: Encodable {
    let erasureId: String
    let userId: String
    var status = "accepted"

    enum CodingKeys: String, CodingKey {
        case erasureId = "erasure_id", userId = "user_id", status
    }
}
