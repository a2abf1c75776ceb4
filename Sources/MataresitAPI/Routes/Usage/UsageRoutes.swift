import MataresitStore

/// The usage read-back routes (`/usage`, `/usage/rate-limits`, `/analytics/api-usage`), registered together.
struct UsageRoutes: Sendable {
    let usage: UsageController
    let analytics: AnalyticsController

    init(usage store: any UsageRepository, freshness: FreshnessSource) {
        usage = UsageController(usage: store, freshnessSource: freshness)
        analytics = AnalyticsController(usage: store, freshnessSource: freshness)
    }

    func register(on routes: VersionedRoutes) {
        usage.register(on: routes)
        analytics.register(on: routes)
    }
}
