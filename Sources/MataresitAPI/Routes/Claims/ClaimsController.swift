import Foundation
import Hummingbird
import MataresitCore
import MataresitStore

/// `/claims`: team expense claims. Every claim belongs to a team; its members read it, contributors create,
/// the claimant and team admins change it (see `ClaimStatusRules`), admins delete it.
struct ClaimsController: Sendable {
    let claims: any ClaimRepository
    let receipts: any ReceiptRepository
    let memberships: any TeamRepository
    let teams: TeamAccess

    init(stores: APIRepositories) {
        claims = stores.claims
        receipts = stores.receipts
        memberships = stores.teams
        teams = TeamAccess(teams: stores.teams)
    }

    func register(on routes: VersionedRoutes) {
        routes.on(.get, "claims", list)
        routes.on(.post, "claims", create)
        routes.on(.get, "claims/{id}", get)
        routes.on(.put, "claims/{id}", update)
        routes.on(.patch, "claims/{id}", update)
        routes.on(.delete, "claims/{id}", delete)
        routes.on(.get, "claims/{id}/receipts", listReceipts)
        routes.on(.post, "claims/{id}/receipts", attachReceipts)
        routes.on(.delete, "claims/{id}/receipts", detachReceipts)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller(with: .claimsRead)
        let pagination = try Pagination(request)
        var query = try ClaimListQuery(request)
        if let teamID = query.teamID {
            _ = try await teams.requireMember(teamID, userID: caller.userID)
            query.filter.teamIDs = [teamID]
        } else {
            query.filter.teamIDs = try await memberships.teamIDs(userID: caller.userID)
        }
        let page = try await claims.list(query.filter, page: pagination.page, limit: pagination.limit)
        return try APIResponse.success(
            ClaimList(
                claims: page.items.map(ClaimView.init), pagination: Pagination.summary(of: page), filters: query.echo))
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller(with: .claimsWrite)
        let input = try ClaimInput.parse(try await RequestBody.jsonObject(request, context: context))
        try await teams.require(TeamAccess.contributors, in: input.teamID, userID: caller.userID)
        // Receipt attachments given here follow the attach endpoint's rule: the claim would show them to the team.
        _ = try await attachable(
            ClaimView.receiptIDs(inAttachments: input.attachments), teamID: input.teamID, userID: caller.userID)
        let claim = try await claims.create(input, claimantID: caller.userID)
        return try APIResponse.success(ClaimView(claim: claim), status: .created)
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller(with: .claimsRead)
        let (claim, _) = try await visibleClaim(context, userID: caller.userID)
        async let trail = claims.auditTrail(claimID: claim.id)
        async let attached = receipts.find(ids: ClaimView.receiptIDs(of: claim))
        return try APIResponse.success(
            ClaimDetail(claim: claim, auditTrail: try await trail, receipts: try await attached))
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller(with: .claimsWrite)
        let (claim, role) = try await visibleClaim(context, userID: caller.userID)
        let changes = try ClaimChangesInput.parse(try await RequestBody.jsonObject(request, context: context))
        try ClaimStatusRules.check(changes, claim: claim, role: role, isClaimant: claim.claimantID == caller.userID)
        guard
            let updated = try await claims.update(
                id: claim.id, expectedStatus: claim.status, changes, actorID: caller.userID)
        else {
            throw APIError(
                status: .conflict, code: .resourceConflict, message: "The claim changed meanwhile; read it and retry")
        }
        return try APIResponse.success(ClaimView(claim: updated))
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller(with: .claimsDelete)
        let (claim, role) = try await visibleClaim(context, userID: caller.userID)
        guard TeamAccess.administrators.contains(role) else {
            throw APIError(status: .forbidden, code: .accessDenied, message: "Only a team admin may delete a claim")
        }
        guard !ClaimStatusRules.undeletable.contains(claim.status) else {
            throw APIError(
                status: .badRequest, code: .resourceConflict,
                message: "A claim that is \(claim.status) cannot be deleted")
        }
        guard try await claims.delete(id: claim.id) else { throw APIError.notFound("Claim") }
        return try APIResponse.success(
            ClaimDeleted(message: "Claim deleted successfully", claimId: claim.id.lowercased))
    }

    /// The claim in the path and the caller's role in its team: 400 for a malformed id, 404 when missing, 403 when not
    /// a member.
    func visibleClaim(_ context: AppRequestContext, userID: UUID) async throws -> (Claim, TeamRole) {
        guard let claim = try await claims.find(id: try context.pathID("id")) else { throw APIError.notFound("Claim") }
        return (claim, try await teams.requireMember(claim.teamID, userID: userID))
    }
}

struct ClaimList: Encodable {
    let claims: [ClaimView]
    let pagination: PaginationSummary
    let filters: [String: String?]
}

struct ClaimDeleted: Encodable {
    let message: String
    let claimId: String
}
