import Foundation
import Hummingbird
import MataresitCore
import MataresitStore

/// `/claims/{id}/receipts`: the receipts attached to a claim; attach and detach them.
extension ClaimsController {
    static let maximumReceiptIDs = 100

    @Sendable func listReceipts(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller(with: .claimsRead)
        let (claim, _) = try await visibleClaim(context, userID: caller.userID)
        let attached = try await receipts.find(ids: ClaimView.receiptIDs(of: claim))
        return try APIResponse.success(ClaimReceipts(claimId: claim.id.lowercased, receipts: attached))
    }

    /// Every receipt must be attachable (``attachable(_:teamID:userID:)``).
    @Sendable func attachReceipts(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (caller, claim, ids) = try await receiptChange(request, context: context)
        let found = try await attachable(ids, teamID: claim.teamID, userID: caller.userID)
        guard let updated = try await claims.attach(receiptIDs: ids, to: claim.id, actorID: caller.userID) else {
            throw APIError.notFound("Claim")
        }
        return try APIResponse.success(ClaimAttached(claim: ClaimView(claim: updated), attachedReceipts: found))
    }

    @Sendable func detachReceipts(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (caller, claim, ids) = try await receiptChange(request, context: context)
        let attached = Set(ClaimView.receiptIDs(of: claim))
        guard let updated = try await claims.detach(receiptIDs: ids, from: claim.id, actorID: caller.userID) else {
            throw APIError.notFound("Claim")
        }
        return try APIResponse.success(
            ClaimDetached(
                claim: ClaimView(claim: updated),
                detachedReceiptIds: ids.filter(attached.contains).map(\.lowercased)))
    }

    /// What attaching and detaching start from: a caller with claims:write who is a contributor of the claim's
    /// team (viewers are refused), the claim, and the body's receipt ids.
    func receiptChange(_ request: Request, context: AppRequestContext) async throws -> (
        caller: AuthenticatedCaller, claim: Claim, ids: [UUID]
    ) {
        let caller = try context.requireCaller(with: .claimsWrite)
        let (claim, role) = try await visibleClaim(context, userID: caller.userID)
        guard TeamAccess.contributors.contains(role) else { throw Self.viewerRefused }
        let ids = try Self.receiptIDs(try await RequestBody.jsonObject(request, context: context))
        return (caller, claim, ids)
    }

    /// The receipts with these ids: 404 unless every one exists, 403 unless each is the caller's own or in the
    /// claim's team. A claim shows its attached receipts to every team member, so this is what keeps them.
    func attachable(_ ids: [UUID], teamID: UUID, userID: UUID) async throws -> [Receipt] {
        let found = try await receipts.find(ids: ids)
        guard found.count == Set(ids).count else { throw APIError.notFound("Receipt") }
        guard found.allSatisfy({ $0.userID == userID || $0.teamID == teamID }) else {
            throw APIError(
                status: .forbidden, code: .accessDenied,
                message: "Only your own receipts or receipts of the claim's team can be attached")
        }
        return found
    }

    static let viewerRefused = APIError(
        status: .forbidden, code: .accessDenied, message: "Viewers cannot change a claim's receipts")

    /// `receiptIds`: 1 to 100 UUIDs.
    static func receiptIDs(_ body: [String: JSONValue]) throws -> [UUID] {
        guard case .array(let items)? = body["receiptIds"], (1...maximumReceiptIDs).contains(items.count) else {
            throw APIError.validation([("receiptIds", "receiptIds must be an array of 1 to \(maximumReceiptIDs) ids")])
        }
        var ids: [UUID] = []
        for item in items {
            guard case .string(let text) = item, let id = UUID(uuidString: text) else {
                throw APIError.validation([("receiptIds", "receiptIds must contain receipt ids (UUIDs)")])
            }
            if !ids.contains(id) { ids.append(id) }
        }
        return ids
    }
}

struct ClaimReceipts: Encodable {
    let claimId: String
    let receipts: [Receipt]
}

struct ClaimAttached: Encodable {
    let claim: ClaimView
    let attachedReceipts: [Receipt]
}

struct ClaimDetached: Encodable {
    let claim: ClaimView
    let detachedReceiptIds: [String]
}
