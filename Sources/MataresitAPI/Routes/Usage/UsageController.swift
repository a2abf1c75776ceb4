import Foundation
import Hummingbird
import MataresitCore
import MataresitStore

/// `GET /usage` and `GET /usage/rate-limits`: usage of the caller's own keys (every key of the caller's user),
/// read from the usage-summary and rate-limit-stats projections, each with how fresh its projection is.
/// Any valid key may read them: they show nothing beyond its own user's keys.
struct UsageController: Sendable {
    let usage: any UsageRepository
    let freshnessSource: FreshnessSource

    func register(on routes: VersionedRoutes) {
        routes.on(.get, "usage", summary)
        routes.on(.get, "usage/rate-limits", rateLimits)
    }

    /// `?days=` (default 30): each key's overall usage, plus per-key per-day usage of the last `days` UTC days.
    @Sendable func summary(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let query = try UsageQuery(request)
        let keys = try await usage.keyUsage(userID: caller.userID)
        let daily = try await usage.dailyUsage(userID: caller.userID, days: query.days)
        let freshness = try await freshnessSource.of(.usageSummary)
        return try APIResponse.success(UsageSummaryBody(keys: keys, daily: daily, freshness: freshness))
    }

    /// `?from=&to=` (ISO-8601; default the last 24 h): requests and 429s per event-time hour and key.
    @Sendable func rateLimits(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let query = try UsageQuery(request)
        let hours = try await usage.hourlyRateLimits(userID: caller.userID, from: query.from, to: query.to)
        let freshness = try await freshnessSource.of(.rateLimitStats)
        return try APIResponse.success(
            RateLimitsBody(from: query.from, to: query.to, hours: hours, freshness: freshness))
    }
}

struct UsageSummaryBody: Encodable {
    let keys: [KeyUsage]
    let daily: [KeyUsage]
    let freshness: Freshness
}

struct RateLimitsBody: Encodable {
    let from: Date
    let to: Date
    let hours: [HourlyRateLimit]
    let freshness: Freshness
}
