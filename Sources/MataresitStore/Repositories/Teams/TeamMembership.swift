import Foundation

/// A team as seen by one of its members (`GET /teams`).
public struct TeamMembership: Sendable {
    public var team: TeamSummary
    public var role: String
    public var joinedAt: Date
    public var receiptCount: Int
    public var claimCount: Int

    public init(team: TeamSummary, role: String, joinedAt: Date, receiptCount: Int, claimCount: Int) {
        self.team = team
        self.role = role
        self.joinedAt = joinedAt
        self.receiptCount = receiptCount
        self.claimCount = claimCount
    }
}

/// A team's own fields with its member count.
public struct TeamSummary: Sendable {
    public var id: UUID
    public var name: String
    public var description: String?
    public var status: String
    public var memberCount: Int
    public var createdAt: Date
    public var updatedAt: Date
    /// JSON text of the `settings` column.
    public var settings: String
    public var ownerID: UUID

    public init(
        id: UUID, name: String, description: String?, status: String, memberCount: Int, createdAt: Date,
        updatedAt: Date, settings: String, ownerID: UUID
    ) {
        self.id = id
        self.name = name
        self.description = description
        self.status = status
        self.memberCount = memberCount
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.settings = settings
        self.ownerID = ownerID
    }
}

/// One member of a team (`GET /teams/{id}/members`).
public struct TeamMemberRow: Sendable {
    public var id: UUID
    public var userID: UUID
    public var email: String
    public var fullName: String?
    public var role: String
    public var joinedAt: Date
    /// JSON text of the `permissions` column.
    public var permissions: String

    public init(
        id: UUID, userID: UUID, email: String, fullName: String?, role: String, joinedAt: Date, permissions: String
    ) {
        self.id = id
        self.userID = userID
        self.email = email
        self.fullName = fullName
        self.role = role
        self.joinedAt = joinedAt
        self.permissions = permissions
    }
}

/// Figures of `GET /teams/{id}/stats`: totals are in the team's most used currency.
public struct TeamStats: Sendable {
    public var totalReceipts: Int
    public var totalClaims: Int
    public var totalAmount: Decimal
    public var currency: String
    public var activeMembers: Int
    public var recentReceipts: [Receipt]

    public init(
        totalReceipts: Int, totalClaims: Int, totalAmount: Decimal, currency: String, activeMembers: Int,
        recentReceipts: [Receipt]
    ) {
        self.totalReceipts = totalReceipts
        self.totalClaims = totalClaims
        self.totalAmount = totalAmount
        self.currency = currency
        self.activeMembers = activeMembers
        self.recentReceipts = recentReceipts
    }
}
