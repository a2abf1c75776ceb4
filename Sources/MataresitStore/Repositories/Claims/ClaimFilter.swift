import Foundation

/// Which claims a listing covers (always a set of teams the caller belongs to) and how it is filtered.
public struct ClaimFilter: Sendable {
    public var teamIDs: [UUID]
    public var status: String?
    public var priority: String?
    public var category: String?
    public var minAmount: Decimal?
    public var maxAmount: Decimal?
    public var currency: String?
    public var claimantID: UUID?
    /// Inclusive bounds on the day of `created_at` (UTC), `YYYY-MM-DD`.
    public var startDate: String?
    public var endDate: String?
    public var sortBy: ClaimSortColumn = .createdAt
    public var ascending = false

    public init(teamIDs: [UUID]) {
        self.teamIDs = teamIDs
    }
}

/// The columns a claim listing may be sorted by (a whitelist: the name goes into the SQL text).
public enum ClaimSortColumn: String, Sendable, CaseIterable {
    case createdAt = "created_at", updatedAt = "updated_at", submittedAt = "submitted_at", amount, title, status
    case priority, category, currency
}
