import Hummingbird

/// Unauthenticated probes for load balancers: `/healthz` (the process is alive) and `/readyz`
/// (it can serve: Postgres and Kafka answer; 503 `degraded` otherwise, with the stages' lag for
/// information). They emit no events.
struct ProbeRoutes {
    let database: DatabaseProbe
    let operations: OperationsProbes

    func register(on router: Router<AppRequestContext>, catalog: RouteCatalog) {
        router.get("/healthz") { _, _ in try APIResponse.json(["status": "ok"], status: .ok) }
        router.get("/readyz") { _, _ in
            async let databaseUp = database.isHealthy()
            async let kafkaUp = operations.kafkaReachable()
            let (database, kafka) = await (databaseUp, kafkaUp)
            let ready = database && kafka
            let lag = await operations.stageLag()
            return try APIResponse.json(
                Readiness(status: ready ? "ready" : "degraded", database: database, kafka: kafka, lag: lag),
                status: ready ? .ok : .serviceUnavailable)
        }
        catalog.add(.get, "/healthz")
        catalog.add(.get, "/readyz")
    }
}

struct Readiness: Encodable {
    let status: String
    let database: Bool
    let kafka: Bool
    let lag: [StageLag]
}
