import Hummingbird
import MataresitStore

/// `page` (default 1, at least 1) and `limit` (default 50, 1...100) of the existing API; bad values are 400s.
struct Pagination: Sendable {
    var page: Int
    var limit: Int

    static let defaultLimit = 50
    static let maximumLimit = 100

    init(_ request: Request) throws {
        var problems: [(field: String, message: String)] = []
        page = Self.integer(request.uri.queryParameters["page"], default: 1)
        limit = Self.integer(request.uri.queryParameters["limit"], default: Self.defaultLimit)
        if page < 1 || page > 1_000_000 { problems.append(("page", "page must be an integer from 1 to 1000000")) }
        if limit < 1 { problems.append(("limit", "limit must be a positive integer")) }
        guard problems.isEmpty else { throw APIError.validation(problems) }
        limit = min(limit, Self.maximumLimit)
    }

    private static func integer(_ text: Substring?, default value: Int) -> Int {
        guard let text else { return value }
        return Int(text) ?? -1
    }

    /// `{page, limit, total, totalPages, hasNextPage, hasPrevPage}` with an exact total.
    static func summary<Item>(of page: Page<Item>) -> PaginationSummary {
        let pages = page.total == 0 ? 0 : (page.total + page.limit - 1) / page.limit
        return PaginationSummary(
            page: page.page, limit: page.limit, total: page.total, totalPages: pages,
            hasNextPage: page.page < pages, hasPrevPage: page.page > 1)
    }
}

struct PaginationSummary: Encodable, Sendable {
    let page: Int
    let limit: Int
    let total: Int
    let totalPages: Int
    let hasNextPage: Bool
    let hasPrevPage: Bool
}
