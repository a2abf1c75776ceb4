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

    public init(
        id: UUID, teamID: UUID, claimantID: UUID, title: String, description: String?, amount: Decimal,
        currency: String, category: String?, priority: String, status: String, submittedAt: Date?,
        reviewedBy: UUID?, reviewedAt: Date?, approvedBy: UUID?, approvedAt: Date?, rejectionReason: String?,
        metadata: String, attachments: String, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.teamID = teamID
        self.claimantID = claimantID
        self.title = title
        self.description = description
        self.amount = amount
        self.currency = currency
        self.category = category
        self.priority = priority
        self.status = status
        self.submittedAt = submittedAt
        self.reviewedBy = reviewedBy
        self.reviewedAt = reviewedAt
        self.approvedBy = approvedBy
        self.approvedAt = approvedAt
        self.rejectionReason = rejectionReason
        self.metadata = metadata
        self.attachments = attachments
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
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
