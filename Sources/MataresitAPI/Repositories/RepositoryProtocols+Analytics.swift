import MataresitStore

/// Aggregates over one owner's receipts in one currency and date range (`/analytics`).
public protocol SpendingAnalyticsRepository: Sendable {
    func totals(_ filter: SpendingFilter) async throws -> SpendingTotals
    /// Largest amount first, then by key; at most `limit` groups.
    func breakdown(_ filter: SpendingFilter, by dimension: SpendingDimension, limit: Int) async throws
        -> [SpendingGroup]
}

extension SpendingAnalyticsStore: SpendingAnalyticsRepository {}
