import Foundation
import MataresitCore
import MataresitStore

/// A team in the camelCase shape of the existing `/teams` endpoints.
struct TeamView: Encodable {
    let team: TeamSummary

    enum CodingKeys: String, CodingKey {
        case id, name, description, status, memberCount, createdAt, updatedAt, settings
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(team.id.lowercased, forKey: .id)
        try container.encode(team.name, forKey: .name)
        try container.encode(team.description, forKey: .description)
        try container.encode(team.status, forKey: .status)
        try container.encode(team.memberCount, forKey: .memberCount)
        try container.encode(team.createdAt, forKey: .createdAt)
        try container.encode(team.updatedAt, forKey: .updatedAt)
        try container.encode(ClaimView.json(team.settings, fallback: .object([:])), forKey: .settings)
    }
}

/// `GET /teams` item: the team plus the caller's role, join time and counts.
struct TeamMembershipView: Encodable {
    let membership: TeamMembership

    struct Stats: Encodable {
        let receipts: Int
        let claims: Int
    }

    enum CodingKeys: String, CodingKey { case userRole, joinedAt, stats }

    func encode(to encoder: any Encoder) throws {
        try TeamView(team: membership.team).encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(membership.role, forKey: .userRole)
        try container.encode(membership.joinedAt, forKey: .joinedAt)
        try container.encode(
            Stats(receipts: membership.receiptCount, claims: membership.claimCount), forKey: .stats)
    }
}

/// `GET /teams/{id}`: the team plus its subscription (the owner's tier and this month's team receipts).
struct TeamDetailView: Encodable {
    struct Subscription: Encodable {
        let tier: String
        let receiptsUsed: Int
        /// -1 means unlimited.
        let receiptsLimit: Int
    }

    let team: TeamSummary
    let subscription: Subscription?

    enum CodingKeys: String, CodingKey { case subscription }

    func encode(to encoder: any Encoder) throws {
        try TeamView(team: team).encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(subscription, forKey: .subscription)
    }
}

/// `GET /teams/{id}/members` item.
struct TeamMemberView: Encodable {
    let member: TeamMemberRow

    enum CodingKeys: String, CodingKey { case id, userId, email, fullName, role, joinedAt, permissions }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(member.id.lowercased, forKey: .id)
        try container.encode(member.userID.lowercased, forKey: .userId)
        try container.encode(member.email, forKey: .email)
        try container.encode(member.fullName, forKey: .fullName)
        try container.encode(member.role, forKey: .role)
        try container.encode(member.joinedAt, forKey: .joinedAt)
        try container.encode(ClaimView.json(member.permissions, fallback: .object([:])), forKey: .permissions)
    }
}

/// `GET /teams/{id}/stats`.
struct TeamStatsView: Encodable {
    struct Activity: Encodable {
        let type: String
        let description: String
        let timestamp: Date
        let userId: String
    }

    let totalReceipts: Int
    let totalClaims: Int
    let totalAmount: Decimal
    let currency: String
    let activeMembers: Int
    let recentActivity: [Activity]

    init(_ stats: TeamStats) {
        totalReceipts = stats.totalReceipts
        totalClaims = stats.totalClaims
        totalAmount = stats.totalAmount
        currency = stats.currency
        activeMembers = stats.activeMembers
        recentActivity = stats.recentReceipts.map {
            Activity(
                type: "receipt_uploaded", description: "Receipt from \($0.merchant)", timestamp: $0.createdAt,
                userId: $0.userID.lowercased)
        }
    }
}
