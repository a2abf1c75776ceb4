import Foundation
import Hummingbird
import MataresitCore
import MataresitStore

/// `/receipts`: listing with filters, create, and (in extensions) one receipt, batch and quick add.
struct ReceiptsController: Sendable {
    let receipts: any ReceiptRepository
    let teams: TeamAccess
    let access: ReceiptAccess
    let lineItems: any LineItemRepository
    let processingLogs: any ProcessingLogRepository
    let categories: any CategoryRepository
    let cache: ResponseCache

    init(stores: APIRepositories, cache: ResponseCache) {
        receipts = stores.receipts
        teams = TeamAccess(teams: stores.teams)
        access = ReceiptAccess(receipts: stores.receipts, teams: stores.teams)
        lineItems = stores.lineItems
        processingLogs = stores.processingLogs
        categories = stores.categories
        self.cache = cache
    }

    func register(on routes: VersionedRoutes) {
        routes.on(.get, "receipts", list)
        routes.on(.post, "receipts", create)
        routes.on(.post, "receipts/batch", batch)
        routes.on(.post, "receipts/quick", quick)
        routes.on(.get, "receipts/{id}", get)
        routes.on(.get, "receipts/{id}/image", image)
        routes.on(.put, "receipts/{id}", update)
        routes.on(.patch, "receipts/{id}", update)
        routes.on(.delete, "receipts/{id}", delete)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller(with: .receiptsRead)
        let pagination = try Pagination(request)
        let query = try ReceiptListQuery(request, userID: caller.userID)
        if let teamID = query.teamID { _ = try await teams.requireMember(teamID, userID: caller.userID) }
        return try await cache.answer(.receiptLists, for: request, caller: caller) {
            let page = try await receipts.list(query.filter, page: pagination.page, limit: pagination.limit)
            let list = ReceiptList(receipts: page.items, pagination: Pagination.summary(of: page), filters: query.echo)
            // A team's owner or admin may change or delete a member's receipts: any of the caller's teams (and the
            // listed one) changing refreshes the page.
            var teamIDs = try await teams.teams.teamIDs(userID: caller.userID)
            if let teamID = query.teamID { teamIDs.append(teamID) }
            return .init(response: try .success(list), tags: teamIDs.map(ResponseCache.teamTag))
        }
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller(with: .receiptsWrite)
        let input = try ReceiptInput.parse(try await RequestBody.jsonObject(request, context: context))
        return try APIResponse.success(try await insert(input, caller: caller), status: .created)
    }

    /// Checks what the body refers to (team role, category) and inserts the receipt within the tier's monthly quota.
    func insert(_ input: NewReceipt, caller: AuthenticatedCaller) async throws -> Receipt {
        let userID = caller.userID, tier = caller.key.tier
        if let teamID = input.teamID { try await teams.require(TeamAccess.contributors, in: teamID, userID: userID) }
        if let categoryID = input.customCategoryID, !(try await categories.isUsable(id: categoryID, userID: userID)) {
            throw APIError.validation([("customCategoryId", "customCategoryId is not one of your categories")])
        }
        do {
            return try await receipts.create(input, userID: userID, monthlyLimit: ReceiptQuotas.monthlyLimit(tier))
        } catch let refused as ReceiptQuotaExceeded {
            throw ReceiptQuotas.exceeded(used: refused.used, limit: refused.limit, tier: tier)
        }
    }
}

struct ReceiptList: Encodable {
    let receipts: [Receipt]
    let pagination: PaginationSummary
    let filters: ReceiptFiltersEcho
}
