import Foundation
import MataresitAPI

@testable import MataresitStore

/// `SpendingAnalyticsStore` computed over the receipts `ReceiptTwin` holds, with the store's filter (one owner: a
/// user's receipts by `user_id`, a team's by `team_id`; inclusive days; one currency; categories with a missing
/// one as `Uncategorized`) and its grouping (largest amount first, then key).
final class SpendingAnalyticsTwin: SpendingAnalyticsRepository {
    private let receipts: ReceiptTwin

    init(receipts: ReceiptTwin) { self.receipts = receipts }

    func totals(_ filter: SpendingFilter) async throws -> SpendingTotals {
        let selected = selected(filter)
        return SpendingTotals(count: selected.count, amount: selected.reduce(0) { $0 + $1.total })
    }

    func breakdown(_ filter: SpendingFilter, by dimension: SpendingDimension, limit: Int) async throws
        -> [SpendingGroup]
    {
        let groups = selected(filter).reduce(into: [String: SpendingGroup]()) { groups, receipt in
            let key = Self.key(receipt, dimension)
            groups[key, default: SpendingGroup(key: key, amount: 0, count: 0)].amount += receipt.total
            groups[key]?.count += 1
        }
        return groups.values.sorted { ($0.amount, $1.key) > ($1.amount, $0.key) }.prefix(limit).map { $0 }
    }

    private func selected(_ filter: SpendingFilter) -> [Receipt] {
        receipts.all.filter { receipt in
            switch filter.owner {
            case .user(let id): guard receipt.userID == id else { return false }
            case .team(let id): guard receipt.teamID == id else { return false }
            }
            return receipt.date >= filter.startDate && receipt.date <= filter.endDate
                && receipt.currency == filter.currency
                && filter.categories.map { $0.contains(Self.key(receipt, .category)) } != false
        }
    }

    /// `SpendingDimension.expression`.
    static func key(_ receipt: Receipt, _ dimension: SpendingDimension) -> String {
        switch dimension {
        case .category: receipt.category ?? "Uncategorized"
        case .merchant: receipt.merchant
        case .paymentMethod: receipt.paymentMethod ?? "unknown"
        }
    }
}
