import Foundation
import Hummingbird
import MataresitCore
import MataresitStore

/// `GET/POST /receipts`: the caller's own receipts.
struct ReceiptsController {
    let receipts: ReceiptStore
    let teams: TeamStore

    func register(on routes: VersionedRoutes) {
        routes.on(.get, "receipts", list)
        routes.on(.post, "receipts", create)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        try caller.require(.receiptsRead)
        let pagination = try Pagination(request)
        let page = try await receipts.list(userID: caller.userID, page: pagination.page, limit: pagination.limit)
        return try APIResponse.success(ReceiptList(receipts: page.items, pagination: Pagination.summary(of: page)))
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        try caller.require(.receiptsWrite)
        let input = try ReceiptInput.parse(try await RequestBody.jsonObject(request, context: context))
        if let teamID = input.teamID {
            let role = try await teams.role(teamID: teamID, userID: caller.userID)
            guard let role, role != .viewer else {
                throw APIError(status: .forbidden, code: .accessDenied, message: "Not a member of this team")
            }
        }
        let receipt = try await receipts.create(input, userID: caller.userID)
        return try APIResponse.success(receipt, status: .created)
    }
}

struct ReceiptList: Encodable {
    let receipts: [Receipt]
    let pagination: PaginationSummary
}
