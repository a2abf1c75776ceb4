import Foundation
import Hummingbird
import MataresitCore
import MataresitStore

/// `GET /categories?team_id=` (categories:read): the caller's own categories, or a team's for its members.
struct CategoriesController: Sendable {
    let categories: any CategoryRepository
    let teams: TeamAccess
    let cache: ResponseCache

    init(stores: APIRepositories, cache: ResponseCache) {
        self.cache = cache
        categories = stores.categories
        teams = TeamAccess(teams: stores.teams)
    }

    func register(on routes: VersionedRoutes) {
        routes.on(.get, "categories", list)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller(with: .categoriesRead)
        var fields = FieldReader(query: request)
        let teamID = fields.uuid("team_id")
        guard fields.problems.isEmpty else { throw APIError.validation(fields.problems) }
        if let teamID { _ = try await teams.requireMember(teamID, userID: caller.userID) }
        return try await cache.answer(.reference, for: request, caller: caller) {
            let list = try await categories.list(userID: caller.userID, teamID: teamID)
            return .init(
                response: try .success(CategoryList(categories: list, count: list.count, teamId: teamID?.lowercased)),
                tags: teamID.map { [ResponseCache.teamTag($0)] } ?? [])
        }
    }
}

struct CategoryList: Encodable {
    let categories: [CustomCategory]
    let count: Int
    let teamId: String?

    enum CodingKeys: CodingKey { case categories, count, teamId }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(categories, forKey: .categories)
        try container.encode(count, forKey: .count)
        try container.encode(teamId, forKey: .teamId)
    }
}
