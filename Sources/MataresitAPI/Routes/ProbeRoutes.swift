import Hummingbird

/// Unauthenticated probes for load balancers: `/healthz` (the process is alive) and `/readyz`
/// (it can serve: Postgres answers). They emit no events.
struct ProbeRoutes {
    let database: DatabaseProbe

    func register(on router: Router<AppRequestContext>, catalog: RouteCatalog) {
        router.get("/healthz") { _, _ in try APIResponse.json(["status": "ok"], status: .ok) }
        router.get("/readyz") { _, _ in
            let ready = await database.isHealthy()
            return try APIResponse.json(
                Readiness(status: ready ? "ready" : "degraded", database: ready),
                status: ready ? .ok : .serviceUnavailable)
        }
        catalog.add(.get, "/healthz")
        catalog.add(.get, "/readyz")
    }
}

struct Readiness: Encodable {
    let status: String
    let database: Bool
}
