import Foundation

/// A team expense claim as stored. `attachments` and `metadata` are the JSON text of their `jsonb` columns;
/// the API turns them back into JSON.
public struct Claim: Sendable, Equatable {
    public var id: UUID
    public var teamID: UUID
    public var claimantID: UUID
    public var title: String
    public var description: String?
    public var amount: Decimal
    public var currency: String
    public var category: String?
    public var priority: String
    public var status: String
    public var submittedAt: Date?
    public var reviewedBy: UUID?
    public var reviewedAt: Date?
    public var approvedBy: UUID?
    public var approvedAt: Date?
    public var rejectionReason: String?
    public var metadata: String
    public var attachments: String
    public var createdAt: Date
    public var updatedAt: Date
}

/// The fields of a new claim (validated by the API).
public struct NewClaim: Sendable {
    public var teamID: UUID
    public var title: String
    public var description: String?
    public var amount: Decimal
    public var currency: String
    public var category: String?
    public var priority: String
    /// JSON text of an array.
    public var attachments: String

    public init(
        teamID: UUID, title: String, description: String? = nil, amount: Decimal, currency: String = "USD",
        category: String? = nil, priority: String = "medium", attachments: String = "[]"
    ) {
        self.teamID = teamID
        self.title = title
        self.description = description
        self.amount = amount
        self.currency = currency
        self.category = category
        self.priority = priority
        self.attachments = attachments
    }
}

/// Editable fields of a claim; nil leaves a field unchanged.
public struct ClaimChanges: Sendable {
    public var title: String?
    /// `.some(nil)` clears it.
    public var description: String??
    public var amount: Decimal?
    public var currency: String?
    public var category: String??
    public var priority: String?
    public var status: String?
    /// Stored with a move to `rejected`.
    public var rejectionReason: String?
    /// Recorded in the audit trail with a status change.
    public var comment: String?

    public init() {}
}
