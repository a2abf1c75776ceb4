import Foundation

/// A user's or a team's own receipt category, with how many receipts use it.
public struct CustomCategory: Sendable, Encodable, Equatable {
    public var id: UUID
    public var name: String
    public var color: String?
    public var icon: String?
    public var createdAt: Date
    public var updatedAt: Date
    public var receiptCount: Int
    public var teamID: UUID?

    enum CodingKeys: String, CodingKey {
        case id, name, color, icon, createdAt, updatedAt, receiptCount, teamId, isTeamCategory
    }

    /// camelCase, as the existing `/categories` answers.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeLowercase(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(color, forKey: .color)
        try container.encode(icon, forKey: .icon)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
        try container.encode(receiptCount, forKey: .receiptCount)
        try container.encodeLowercase(teamID, forKey: .teamId)
        try container.encode(teamID != nil, forKey: .isTeamCategory)
    }
}
