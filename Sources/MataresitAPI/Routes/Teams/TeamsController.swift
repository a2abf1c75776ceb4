import Foundation
import Hummingbird
import MataresitCore
import MataresitStore

/// `/teams`: the caller's teams, one team, its members, receipts and stats (teams:read and membership).
struct TeamsController: Sendable {
    let teams: any TeamDirectoryRepository
    let access: TeamAccess
    let receipts: any ReceiptRepository
    let users: any UserRepository
    let cache: ResponseCache

    init(stores: APIRepositories, cache: ResponseCache) {
        self.cache = cache
        teams = stores.teamDirectory
        access = TeamAccess(teams: stores.teams)
        receipts = stores.receipts
        users = stores.users
    }

    func register(on routes: VersionedRoutes) {
        routes.on(.get, "teams", list)
        routes.on(.get, "teams/{id}", get)
        routes.on(.get, "teams/{id}/members", members)
        routes.on(.get, "teams/{id}/receipts", teamReceipts)
        routes.on(.get, "teams/{id}/stats", stats)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller(with: .teamsRead)
        return try await cache.answer(.teamData, for: request, caller: caller) {
            let memberships = try await teams.memberships(userID: caller.userID)
            return .init(
                response: try .success(
                    TeamList(teams: memberships.map(TeamMembershipView.init), total: memberships.count)),
                tags: memberships.map { ResponseCache.teamTag($0.team.id) })
        }
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let team = try await memberTeam(context, caller: caller)
        return try await cache.answer(.teamData, for: request, caller: caller) {
            .init(response: try .success(try await detail(team)), tags: [ResponseCache.teamTag(team.id)])
        }
    }

    func detail(_ team: TeamSummary) async throws -> TeamDetailView {
        var subscription: TeamDetailView.Subscription?
        if let owner = try await users.find(id: team.ownerID) {
            var thisMonth = ReceiptFilter(owner: .team(team.id))
            thisMonth.startDate = String(Date().ISO8601Format().prefix(8)) + "01"
            subscription = .init(
                tier: owner.tier.rawValue, receiptsUsed: try await receipts.count(thisMonth),
                receiptsLimit: PlanLimits(owner.tier).monthlyReceipts)
        }
        return TeamDetailView(team: team, subscription: subscription)
    }

    @Sendable func members(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let team = try await memberTeam(context, caller: caller)
        return try await cache.answer(.teamData, for: request, caller: caller) {
            let members = try await teams.members(teamID: team.id)
            return .init(
                response: try .success(
                    TeamMembers(
                        members: members.map(TeamMemberView.init), total: members.count, teamId: team.id.lowercased)),
                tags: [ResponseCache.teamTag(team.id)])
        }
    }

    @Sendable func teamReceipts(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let team = try await memberTeam(context, caller: caller)
        let pagination = try Pagination(request)
        var query = try ReceiptListQuery(request, userID: caller.userID)
        query.filter.owner = .team(team.id)
        let page = try await receipts.list(query.filter, page: pagination.page, limit: pagination.limit)
        return try APIResponse.success(
            TeamReceipts(receipts: page.items, pagination: Pagination.summary(of: page), teamId: team.id.lowercased))
    }

    @Sendable func stats(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let team = try await memberTeam(context, caller: caller)
        return try await cache.answer(.teamData, for: request, caller: caller) {
            .init(
                response: try .success(TeamStatsView(try await teams.stats(teamID: team.id))),
                tags: [ResponseCache.teamTag(team.id)])
        }
    }

    /// The team in the path, after teams:read and membership: 404 when missing, 403 when not a member.
    func memberTeam(_ context: AppRequestContext, caller: AuthenticatedCaller) async throws -> TeamSummary {
        try caller.require(.teamsRead)
        guard let team = try await teams.summary(teamID: try context.pathID("id")) else {
            throw APIError.notFound("Team")
        }
        _ = try await access.requireMember(team.id, userID: caller.userID)
        return team
    }
}

struct TeamList: Encodable {
    let teams: [TeamMembershipView]
    let total: Int
}

struct TeamMembers: Encodable {
    let members: [TeamMemberView]
    let total: Int
    let teamId: String
}

struct TeamReceipts: Encodable {
    let receipts: [Receipt]
    let pagination: PaginationSummary
    let teamId: String
}
