import Foundation

/// The receipts that spending analytics cover: one owner, an inclusive date range, one currency,
/// optionally some categories.
public struct SpendingFilter: Sendable {
    public var owner: ReceiptFilter.Owner
    /// `YYYY-MM-DD`, inclusive.
    public var startDate: String
    public var endDate: String
    public var currency: String
    public var categories: [String]?

    public init(owner: ReceiptFilter.Owner, startDate: String, endDate: String, currency: String, categories: [String]?)
    {
        self.owner = owner
        self.startDate = startDate
        self.endDate = endDate
        self.currency = currency
        self.categories = categories
    }
}

/// What spending can be grouped by; each case is a fixed SQL expression.
public enum SpendingDimension: String, Sendable {
    case category, merchant, paymentMethod

    var expression: String {
        switch self {
        case .category: "COALESCE(predicted_category, 'Uncategorized')"
        case .merchant: "merchant"
        case .paymentMethod: "COALESCE(payment_method, 'unknown')"
        }
    }
}

/// Count and sum of a set of receipts.
public struct SpendingTotals: Sendable, Equatable {
    public var count: Int
    public var amount: Decimal
}

/// One group of a breakdown.
public struct SpendingGroup: Sendable, Equatable {
    public var key: String
    public var amount: Decimal
    public var count: Int
}
