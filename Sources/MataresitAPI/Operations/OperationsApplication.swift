import Hummingbird
import Logging
import MataresitStore
import PostgresNIO

/// The operations endpoints alone (`/metrics`, `/healthz`, `/readyz`), for processes that serve no API:
/// `mataresit work --metrics-port`. Same handlers as the API's, so scrapes and probes read alike.
public func buildOperationsApplication(
    host: String, port: Int, client: PostgresClient, operations: OperationsProbes, logger: Logger,
    onServerRunning: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
) -> some ApplicationProtocol {
    let router = Router(context: AppRequestContext.self)
    let catalog = RouteCatalog()
    router.add(middleware: HTTPMetricsMiddleware())
    router.add(middleware: ErrorEnvelopeMiddleware(catalog: catalog))
    ProbeRoutes(
        database: DatabaseProbe(database: DatabaseLiveness(client: client, logger: logger)), operations: operations
    ).register(on: router, catalog: catalog)
    MetricsRoute(probes: operations).register(on: router, catalog: catalog)
    return Application(
        router: router,
        configuration: .init(address: .hostname(host, port: port), serverName: "mataresit-worker"),
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
        logger: logger)
}
