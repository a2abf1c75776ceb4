import Foundation

/// Which receipts a listing covers and how it is filtered and sorted (all values already validated).
public struct ReceiptFilter: Sendable {
    /// Whose receipts: one user's own, or one team's.
    public enum Owner: Sendable {
        case user(UUID)
        case team(UUID)
    }

    public var owner: Owner
    /// Inclusive bounds on `date` (`YYYY-MM-DD`).
    public var startDate: String?
    public var endDate: String?
    /// Substring of the merchant, case-insensitive.
    public var merchant: String?
    public var category: String?
    public var status: String?
    public var minAmount: Decimal?
    public var maxAmount: Decimal?
    public var currency: String?
    public var paymentMethod: String?
    public var sortBy: ReceiptSortColumn = .createdAt
    public var ascending = false

    public init(owner: Owner) {
        self.owner = owner
    }
}

/// The columns a receipt listing may be sorted by: a whitelist, so the name can go into the SQL text.
public enum ReceiptSortColumn: String, Sendable, CaseIterable {
    case createdAt = "created_at", updatedAt = "updated_at", date, total, tax, merchant, status, currency
    case paymentMethod = "payment_method", category = "predicted_category"

    /// The column for a `sort_by` value: the column name, or `category` for the category column.
    public init?(parameter: String) {
        if parameter == "category" {
            self = .category
        } else {
            self.init(rawValue: parameter)
        }
    }
}
