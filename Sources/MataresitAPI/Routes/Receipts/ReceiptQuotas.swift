import Foundation
import HTTPTypes
import MataresitCore
import MataresitStore

/// The tier's subscription limits on creating receipts (API.md §4, the existing code's figures, which
/// DESIGN.md keeps over its documents' 25/200 and 5/50/100): receipts per calendar month (UTC; free 50,
/// pro 500, max unlimited) and receipts per batch (free 1, pro 5, max 20). A refusal is 429
/// SUBSCRIPTION_LIMIT_EXCEEDED with `Retry-After` (the month's end; none for a batch that can never pass).
enum ReceiptQuotas {
    /// The monthly limit, nil when unlimited.
    static func monthlyLimit(_ tier: Tier) -> Int? {
        let limit = PlanLimits(tier).monthlyReceipts
        return limit < 0 ? nil : limit
    }

    static func batchLimit(_ tier: Tier) -> Int { PlanLimits(tier).batchUploadLimit }

    /// A batch larger than the tier allows is refused whole.
    static func requireBatch(of count: Int, tier: Tier) throws {
        let limit = batchLimit(tier)
        guard count <= limit else {
            throw APIError(
                status: .tooManyRequests, code: .subscriptionLimitExceeded,
                message: "Batch upload limit exceeded: the \(tier.rawValue) tier allows \(limit) receipts per batch",
                details: [
                    "tier": .string(tier.rawValue), "batchUploadLimit": .number(Double(limit)),
                    "requested": .number(Double(count))
                ])
        }
    }

    /// Refuses up front when `count` more receipts would pass this month's limit (`used` so far).
    static func requireRoom(for count: Int, used: Int, tier: Tier) throws {
        guard let limit = monthlyLimit(tier), used + count > limit else { return }
        throw exceeded(used: used, limit: limit, tier: tier)
    }

    static func exceeded(used: Int, limit: Int, tier: Tier, now: Date = Date()) -> APIError {
        let resetsAt = startOfNextMonth(after: now)
        let retryAfter = max(1, Int(resetsAt.timeIntervalSince(now).rounded(.up)))
        return APIError(
            status: .tooManyRequests, code: .subscriptionLimitExceeded,
            message: "Monthly receipt limit reached: the \(tier.rawValue) tier allows \(limit) receipts per month",
            details: [
                "tier": .string(tier.rawValue), "monthlyReceipts": .number(Double(limit)),
                "receiptsUsedThisMonth": .number(Double(used)), "resetsAt": .string(resetsAt.ISO8601Format())
            ],
            headers: [.retryAfter: "\(retryAfter)"])
    }

    static func startOfNextMonth(after date: Date) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let month = calendar.dateInterval(of: .month, for: date)!
        return month.end
    }
}
