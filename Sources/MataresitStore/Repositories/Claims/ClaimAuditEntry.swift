import Foundation

/// One row of a claim's audit trail.
public struct ClaimAuditEntry: Sendable, Encodable, Equatable {
    public var id: UUID
    public var action: String
    public var oldStatus: String?
    public var newStatus: String?
    public var comment: String?
    public var createdAt: Date
    public var userID: UUID?

    enum CodingKeys: String, CodingKey {
        case id, action, comment, oldStatus = "old_status", newStatus = "new_status", createdAt = "created_at"
        case userID = "user_id"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeLowercase(id, forKey: .id)
        try container.encode(action, forKey: .action)
        try container.encode(oldStatus, forKey: .oldStatus)
        try container.encode(newStatus, forKey: .newStatus)
        try container.encode(comment, forKey: .comment)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encodeLowercase(userID, forKey: .userID)
    }
}
