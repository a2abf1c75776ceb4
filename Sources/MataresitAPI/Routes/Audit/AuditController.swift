import Foundation
import Hummingbird
import MataresitCore
import MataresitStore

/// `GET /audit`: the audit log for administrators (`admin:all`), newest first, paginated, filtered by
/// `action` (event type or action), `api_key_id`, `user_id` (user or actor) and an event-time range `from`/`to`,
/// with how fresh the audit stage is.
struct AuditController: Sendable {
    let audit: any AuditLogRepository
    let freshnessSource: FreshnessSource

    func register(on routes: VersionedRoutes) {
        routes.on(.get, "audit", list)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requireCaller(with: .adminAll)
        let pagination = try Pagination(request)
        let filter = try AuditQuery.filter(request)
        let page = try await audit.list(filter, page: pagination.page, limit: pagination.limit)
        return try APIResponse.success(try await FreshPage(page, freshness: freshnessSource.of(.audit)))
    }
}

/// The audit listing's filters; malformed ones are 400s with `validationErrors`.
enum AuditQuery {
    static func filter(_ request: Request) throws -> AuditLogFilter {
        let parameters = request.uri.queryParameters
        var problems: [(field: String, message: String)] = []
        var filter = AuditLogFilter()
        if let action = parameters["action"].map(String.init) {
            if (1...100).contains(action.count), action.allSatisfy(isActionCharacter) {
                filter.action = action
            } else {
                problems.append(("action", "action must be 1 to 100 letters, digits, '.', '_' or '-'"))
            }
        }
        for field in ["api_key_id", "user_id"] {
            guard let text = parameters[Substring(field)].map(String.init) else { continue }
            guard let id = UUID(uuidString: text) else {
                problems.append((field, "\(field) must be a UUID"))
                continue
            }
            if field == "api_key_id" { filter.apiKeyID = id } else { filter.userID = id }
        }
        for field in ["from", "to"] {
            guard let text = parameters[Substring(field)].map(String.init) else { continue }
            guard let date = UsageQuery.parseISO8601(text) else {
                problems.append((field, "\(field) must be an ISO-8601 date or date-time"))
                continue
            }
            if field == "from" { filter.from = date } else { filter.to = date }
        }
        if let from = filter.from, let to = filter.to, from >= to {
            problems.append(("from", "from must be before to"))
        }
        guard problems.isEmpty else { throw APIError.validation(problems) }
        return filter
    }

    static func isActionCharacter(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber || "._-".contains(character))
    }
}
