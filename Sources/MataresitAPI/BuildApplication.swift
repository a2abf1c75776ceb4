import Hummingbird
import Logging
import MataresitStore
import NIOCore

/// Builds the HTTP application (it is not started: run it in a `ServiceGroup`, or test it).
public func buildApplication(
    configuration: APIConfiguration, dependencies: APIDependencies,
    onServerRunning: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
) -> some ApplicationProtocol {
    let router = buildRouter(dependencies: dependencies)
    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "mataresit"),
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
        logger: dependencies.logger)
}

/// The router with every middleware and route; separate so tests can drive it without a socket.
public func buildRouter(dependencies: APIDependencies) -> Router<AppRequestContext> {
    let client = dependencies.client, logger = dependencies.logger
    let router = Router(context: AppRequestContext.self)
    let catalog = RouteCatalog()
    let emitter = RequestEventEmitter(
        publisher: dependencies.publisher, subjectKeys: dependencies.subjectKeys,
        producer: dependencies.producerName)
    router.add(middleware: RequestEventMiddleware(emitter: emitter))
    router.add(middleware: ErrorEnvelopeMiddleware(catalog: catalog))

    let database = DatabaseProbe(client: client)
    ProbeRoutes(database: database).register(on: router, catalog: catalog)
    let routes = VersionedRoutes(
        router: router, catalog: catalog,
        middleware: APIKeyAuthenticator(keys: APIKeyStore(client: client, logger: logger), cache: APIKeyCache()))
    HealthController(database: database).register(on: routes)
    ReceiptsController(
        receipts: ReceiptStore(client: client, logger: logger), teams: TeamStore(client: client, logger: logger)
    ).register(on: routes)
    AccessLogsController(
        accessLogs: AccessLogStore(client: client, logger: logger),
        offsets: StageOffsetStore(client: client, logger: logger)
    ).register(on: routes)
    return router
}
