import MataresitStore

/// The usage read-back routes (`/usage`, `/usage/rate-limits`, `/analytics/api-usage`), registered together.
struct UsageRoutes: Sendable {
    let usage: UsageController
    let analytics: AnalyticsController

    init(usage store: UsageStore, offsets: StageOffsetStore) {
        usage = UsageController(usage: store, offsets: offsets)
        analytics = AnalyticsController(usage: store, offsets: offsets)
    }

    func register(on routes: VersionedRoutes) {
        usage.register(on: routes)
        analytics.register(on: routes)
    }
}
