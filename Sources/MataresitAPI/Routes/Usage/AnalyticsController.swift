import Foundation
import Hummingbird
import MataresitCore
import MataresitStore

/// `GET /analytics/api-usage` (scope `analytics:read`): the published API-usage analytics of the caller's keys,
/// all-time totals from the usage-summary projection, `requests_by_day` and `top_endpoints` over the last
/// `days` UTC days (default 30), with the usage projection's freshness.
struct AnalyticsController: Sendable {
    let usage: any UsageRepository
    let freshnessSource: FreshnessSource

    func register(on routes: VersionedRoutes) {
        routes.on(.get, "analytics/api-usage", apiUsage)
    }

    @Sendable func apiUsage(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        try caller.requireAnalytics()
        let query = try UsageQuery(request)
        let analytics = try await usage.apiUsageAnalytics(userID: caller.userID, days: query.days)
        let freshness = try await freshnessSource.of(.usageSummary)
        return try APIResponse.success(APIUsageBody(analytics: analytics, freshness: freshness))
    }
}

/// The published fields at the top level, plus `freshness`.
struct APIUsageBody: Encodable {
    let analytics: APIUsageAnalytics
    let freshness: Freshness

    enum CodingKeys: String, CodingKey { case freshness }

    func encode(to encoder: any Encoder) throws {
        try analytics.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(freshness, forKey: .freshness)
    }
}
