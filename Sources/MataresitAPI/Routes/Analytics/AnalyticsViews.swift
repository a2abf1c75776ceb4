import Foundation
import MataresitStore

/// One group of a breakdown with its share of the total amount (percent, two decimals).
struct SpendingShare: Encodable {
    let amount: Decimal
    let count: Int
    let percentage: Double

    init(_ group: SpendingGroup, of total: Decimal) {
        amount = group.amount
        count = group.count
        let share = total == 0 ? 0 : NSDecimalNumber(decimal: group.amount / total * 100).doubleValue
        percentage = (share * 100).rounded() / 100
    }
}

/// `{totalAmount, totalReceipts, averageAmount, currency, period}`.
struct SpendingSummary: Encodable {
    let totalAmount: Decimal
    let totalReceipts: Int
    let averageAmount: Decimal
    let currency: String
    let period: String

    init(_ totals: SpendingTotals, query: AnalyticsQuery) {
        totalAmount = totals.amount
        totalReceipts = totals.count
        averageAmount = totals.count == 0 ? 0 : Self.rounded(totals.amount / Decimal(totals.count))
        currency = query.currency
        period = query.period
    }

    static func rounded(_ value: Decimal) -> Decimal {
        var value = value
        var result = Decimal()
        NSDecimalRound(&result, &value, 2, .plain)
        return result
    }
}

/// `GET /analytics`: summary, breakdowns, top merchants, payment methods and three plain-language insights.
struct SpendingOverview: Encodable {
    struct Category: Encodable {
        let category: String
        let amount: Decimal
        let count: Int
        let percentage: Double
    }

    struct Merchant: Encodable {
        let merchant: String
        let amount: Decimal
        let count: Int
    }

    struct Method: Encodable {
        let method: String
        let amount: Decimal
        let count: Int
        let percentage: Double
    }

    let summary: SpendingSummary
    let categoryBreakdown: [Category]
    let trends: [String]
    let topMerchants: [Merchant]
    let paymentMethods: [Method]
    let insights: [String]
}

/// `GET /analytics/summary`: the summary plus the change against the previous period of the same length.
struct SpendingSummaryWithChange: Encodable {
    struct Change: Encodable {
        let amount: Decimal
        /// Percent change of the total amount; null when the previous period had none.
        let percentage: Double?

        enum CodingKeys: CodingKey { case amount, percentage }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(amount, forKey: .amount)
            try container.encode(percentage, forKey: .percentage)
        }
    }

    let summary: SpendingSummary
    let previousPeriodChange: Change

    enum CodingKeys: CodingKey { case previousPeriodChange }

    func encode(to encoder: any Encoder) throws {
        try summary.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(previousPeriodChange, forKey: .previousPeriodChange)
    }
}

/// `GET /analytics/categories`.
struct SpendingCategories: Encodable {
    struct Category: Encodable {
        let category: String
        let amount: Decimal
        let count: Int
        let percentage: Double
        let trend: String
    }

    let categories: [Category]
    let totalAmount: Decimal
    let totalReceipts: Int
    let period: String
}
