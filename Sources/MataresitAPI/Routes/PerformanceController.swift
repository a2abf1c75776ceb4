import Foundation
import Hummingbird

/// `GET /performance` (admin:all): this instance's response-cache statistics, an overall status and a status string
/// per endpoint group. `healthy` when Postgres and Kafka answer and no stage is more than
/// ``PerformanceController/laggingSeconds`` behind; `degraded` when Kafka is unreachable (events go to the spool)
/// or a stage lags; `unhealthy` when Postgres is unreachable (every resource endpoint fails).
struct PerformanceController {
    static let laggingSeconds = 300.0
    static let resourceGroups = [
        "receipts", "claims", "teams", "me", "categories", "analytics", "search", "keys", "usage", "access-logs",
        "audit"
    ]

    let database: DatabaseProbe
    let operations: OperationsProbes
    let cache: ResponseCache

    func register(on routes: VersionedRoutes) {
        routes.on(.get, "performance", performance)
    }

    @Sendable func performance(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requireCaller(with: .adminAll)
        async let databaseUp = database.isHealthy()
        async let kafkaUp = operations.kafkaReachable()
        let (databaseHealthy, kafkaHealthy) = await (databaseUp, kafkaUp)
        let lag = await operations.stageLag()
        let lagging = lag.contains { $0.seconds > Self.laggingSeconds }
        let status = !databaseHealthy ? "unhealthy" : (!kafkaHealthy || lagging ? "degraded" : "healthy")
        var issues: [String] = []
        if !databaseHealthy { issues.append("postgres is unreachable: resource endpoints fail") }
        if !kafkaHealthy { issues.append("kafka is unreachable: events are spooled to disk") }
        for stage in lag where stage.seconds > Self.laggingSeconds {
            issues.append("stage \(stage.stage) is \(Int(stage.seconds)) s behind")
        }
        var endpoints = Dictionary(
            uniqueKeysWithValues: Self.resourceGroups.map {
                ("/api/v1/\($0)", databaseHealthy ? "operational" : "unavailable")
            })
        endpoints["/api/v1/health"] = "operational"
        endpoints["events"] = kafkaHealthy ? "operational" : "spooling"
        return try APIResponse.success(
            Performance(
                status: status, health: PerformanceHealth(status: status, issues: issues), timestamp: Date(),
                cache: cache.statistics, database: databaseHealthy,
                kafka: kafkaHealthy, lag: lag, endpoints: endpoints))
    }
}

/// The response carries the overall status twice: `status`, and `health` as the published clients read it.
struct Performance: Encodable {
    let status: String
    let health: PerformanceHealth
    let timestamp: Date
    let cache: ResponseCacheStatistics
    let database: Bool
    let kafka: Bool
    let lag: [StageLag]
    let endpoints: [String: String]
}

/// The overall status and, when it is not `healthy`, why.
struct PerformanceHealth: Encodable {
    let status: String
    let issues: [String]
}
