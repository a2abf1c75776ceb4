import Foundation

/// A team as seen by one of its members (`GET /teams`).
public struct TeamMembership: Sendable {
    public var team: TeamSummary
    public var role: String
    public var joinedAt: Date
    public var receiptCount: Int
    public var claimCount: Int
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
}

/// Figures of `GET /teams/{id}/stats`: totals are in the team's most used currency.
public struct TeamStats: Sendable {
    public var totalReceipts: Int
    public var totalClaims: Int
    public var totalAmount: Decimal
    public var currency: String
    public var activeMembers: Int
    public var recentReceipts: [Receipt]
}
