import Foundation
import Hummingbird
import MataresitCore
import MataresitStore

/// `GET /access-logs`: the caller's own requests, newest first, read from the access-log projection,
/// with how fresh that projection is.
struct AccessLogsController {
    let accessLogs: any AccessLogRepository
    let freshnessSource: FreshnessSource

    func register(on routes: VersionedRoutes) {
        routes.on(.get, "access-logs", list)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let pagination = try Pagination(request)
        let page = try await accessLogs.list(userID: caller.userID, page: pagination.page, limit: pagination.limit)
        return try APIResponse.success(try await FreshPage(page, freshness: freshnessSource.of(.accessLog)))
    }
}
