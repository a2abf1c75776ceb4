import Foundation
import Hummingbird
import MataresitCore
import MataresitStore

/// `/analytics` spending analytics (analytics:read, pro or max tier): overview (also for unknown sub-paths,
/// as the existing API answers them), summary, categories; 501 for trends, merchants, claims and custom.
struct SpendingAnalyticsController: Sendable {
    let analytics: any SpendingAnalyticsRepository
    let teams: TeamAccess
    let cache: ResponseCache
    /// Groups a category or payment-method breakdown shows at most (the store's default).
    static let breakdownLimit = 100

    init(stores: APIRepositories, cache: ResponseCache) {
        self.cache = cache
        analytics = stores.spendingAnalytics
        teams = TeamAccess(teams: stores.teams)
    }

    func register(on routes: VersionedRoutes) {
        routes.on(.get, "analytics", cached(overview))
        routes.on(.get, "analytics/summary", cached(summary))
        routes.on(.get, "analytics/categories", cached(categories))
        routes.on(.get, "analytics/{section}", cached(overview))
        for section in ["trends", "merchants", "claims"] {
            routes.on(.get, "analytics/\(section)") { request, context in
                _ = try await self.authorize(request, context)
                throw APIError.notImplemented("Analytics \(section) is not available yet")
            }
        }
        routes.on(.post, "analytics/custom") { request, context in
            _ = try await self.authorize(request, context)
            throw APIError.notImplemented("Custom analytics are not available yet")
        }
    }

    @Sendable func overview(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (query, filter) = try await authorize(request, context)
        async let totals = analytics.totals(filter)
        async let byCategory = analytics.breakdown(filter, by: .category, limit: Self.breakdownLimit)
        async let byMerchant = analytics.breakdown(filter, by: .merchant, limit: 10)
        async let byMethod = analytics.breakdown(filter, by: .paymentMethod, limit: Self.breakdownLimit)
        let sum = try await totals
        let categories = try await byCategory.map { group in
            let share = SpendingShare(group, of: sum.amount)
            return SpendingOverview.Category(
                category: group.key, amount: share.amount, count: share.count, percentage: share.percentage)
        }
        let merchants = try await byMerchant.map {
            SpendingOverview.Merchant(merchant: $0.key, amount: $0.amount, count: $0.count)
        }
        let methods = try await byMethod.map { group in
            let share = SpendingShare(group, of: sum.amount)
            return SpendingOverview.Method(
                method: group.key, amount: share.amount, count: share.count, percentage: share.percentage)
        }
        let summary = SpendingSummary(sum, query: query)
        return try APIResponse.success(
            SpendingOverview(
                summary: summary, categoryBreakdown: categories, trends: [], topMerchants: merchants,
                paymentMethods: methods,
                insights: Self.insights(summary: summary, categories: categories, merchants: merchants)))
    }

    @Sendable func summary(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (query, filter) = try await authorize(request, context)
        let caller = try context.requireCaller()
        async let current = analytics.totals(filter)
        async let previous = analytics.totals(query.previous(userID: caller.userID))
        let now = try await current, before = try await previous
        let change = now.amount - before.amount
        let percentage =
            before.amount == 0
            ? nil : (NSDecimalNumber(decimal: change / before.amount * 100).doubleValue * 100).rounded() / 100
        return try APIResponse.success(
            SpendingSummaryWithChange(
                summary: SpendingSummary(now, query: query),
                previousPeriodChange: .init(amount: change, percentage: percentage)))
    }

    @Sendable func categories(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (query, filter) = try await authorize(request, context)
        async let totals = analytics.totals(filter)
        async let groups = analytics.breakdown(filter, by: .category, limit: Self.breakdownLimit)
        let sum = try await totals
        let categories = try await groups.map { group in
            let share = SpendingShare(group, of: sum.amount)
            return SpendingCategories.Category(
                category: group.key, amount: share.amount, count: share.count, percentage: share.percentage,
                trend: "stable")
        }
        return try APIResponse.success(
            SpendingCategories(
                categories: categories, totalAmount: sum.amount, totalReceipts: sum.count, period: query.period))
    }

    /// analytics:read, then the tier (free is refused), then the query and the team membership.
    /// The seed's `analytics` cache class (an hour), after the scope, tier and team checks.
    func cached(_ handler: @escaping VersionedRoutes.Handler) -> VersionedRoutes.Handler {
        { request, context in
            let (query, _) = try await authorize(request, context)
            return try await cache.answer(.analytics, for: request, caller: try context.requireCaller()) {
                .init(
                    response: try await .collect(try await handler(request, context)),
                    tags: query.teamID.map { [ResponseCache.teamTag($0)] } ?? [])
            }
        }
    }

    func authorize(_ request: Request, _ context: AppRequestContext) async throws -> (AnalyticsQuery, SpendingFilter) {
        let caller = try context.requireCaller()
        try caller.requireAnalytics()
        let query = try AnalyticsQuery(request)
        if let teamID = query.teamID { _ = try await teams.requireMember(teamID, userID: caller.userID) }
        return (query, query.filter(userID: caller.userID))
    }

    static func insights(
        summary: SpendingSummary, categories: [SpendingOverview.Category], merchants: [SpendingOverview.Merchant]
    ) -> [String] {
        guard summary.totalReceipts > 0 else {
            return ["No receipts in \(summary.currency) for \(summary.period)"]
        }
        var insights = ["\(summary.totalReceipts) receipts totalling \(summary.totalAmount) \(summary.currency)"]
        if let top = categories.first {
            insights.append("Top category: \(top.category) (\(top.percentage)% of spending)")
        }
        if let merchant = merchants.first {
            insights.append("Top merchant: \(merchant.merchant) (\(merchant.count) receipts)")
        }
        return insights
    }
}
