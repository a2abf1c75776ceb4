import Foundation
import Hummingbird
import MataresitCore
import MataresitStore

/// `GET /me` (profile:read): the caller's profile, subscription with limits, and teams.
struct MeController: Sendable {
    let users: any UserRepository
    let teams: any TeamDirectoryRepository
    let cache: ResponseCache

    init(stores: APIRepositories, cache: ResponseCache) {
        self.cache = cache
        users = stores.users
        teams = stores.teamDirectory
    }

    func register(on routes: VersionedRoutes) {
        routes.on(.get, "me", me)
    }

    @Sendable func me(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller(with: .profileRead)
        return try await cache.answer(.userProfile, for: request, caller: caller) {
            guard let profile = try await users.profile(userID: caller.userID) else { throw APIError.notFound("User") }
            let memberships = try await teams.memberships(userID: caller.userID)
            return .init(
                response: try .success(Me(profile: profile, memberships: memberships)),
                tags: memberships.map { ResponseCache.teamTag($0.team.id) })
        }
    }
}

/// The `/me` payload in the camelCase shape of the existing endpoint.
struct Me: Encodable {
    struct User: Encodable {
        let id, email: String
        let firstName, lastName, avatarUrl: String?
        let displayName, preferredCurrency, preferredLanguage: String

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(email, forKey: .email)
            try container.encode(firstName, forKey: .firstName)
            try container.encode(lastName, forKey: .lastName)
            try container.encode(displayName, forKey: .displayName)
            try container.encode(avatarUrl, forKey: .avatarUrl)
            try container.encode(preferredCurrency, forKey: .preferredCurrency)
            try container.encode(preferredLanguage, forKey: .preferredLanguage)
        }

        enum CodingKeys: CodingKey {
            case id, email, firstName, lastName, displayName, avatarUrl, preferredCurrency, preferredLanguage
        }
    }

    struct Subscription: Encodable {
        let tier, status: String
        let receiptsUsedThisMonth: Int
        let limits: PlanLimits
    }

    struct Team: Encodable {
        struct Info: Encodable {
            let id, name: String
            let description: String?
            let status: String
        }

        let id, role: String
        let joinedAt: Date
        let team: Info
    }

    let user: User
    let subscription: Subscription
    let teams: [Team]

    init(profile: UserProfile, memberships: [TeamMembership]) {
        let name = [profile.firstName, profile.lastName].compactMap { $0 }.joined(separator: " ")
        user = User(
            id: profile.id.lowercased, email: profile.email, firstName: profile.firstName, lastName: profile.lastName,
            avatarUrl: nil, displayName: name.isEmpty ? profile.email : name,
            preferredCurrency: profile.preferredCurrency, preferredLanguage: profile.preferredLanguage)
        subscription = Subscription(
            tier: profile.tier.rawValue, status: profile.subscriptionStatus,
            receiptsUsedThisMonth: profile.receiptsUsedThisMonth, limits: PlanLimits(profile.tier))
        teams = memberships.map {
            Team(
                id: $0.team.id.lowercased, role: $0.role, joinedAt: $0.joinedAt,
                team: .init(
                    id: $0.team.id.lowercased, name: $0.team.name, description: $0.team.description,
                    status: $0.team.status))
        }
    }
}
