import Hummingbird
import NIOCore

/// `GET /metrics`: the process's metrics in Prometheus text format. Unauthenticated (scrapers sit on the
/// private network; it holds no personal data) and emits no event.
struct MetricsRoute {
    let probes: OperationsProbes

    func register(on router: Router<AppRequestContext>, catalog: RouteCatalog) {
        router.get("/metrics") { _, _ in
            let text = await probes.metricsText()
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        catalog.add(.get, "/metrics")
    }
}
