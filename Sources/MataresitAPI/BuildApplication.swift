import Hummingbird
import Logging
import MataresitStore
import NIOCore

/// Builds the HTTP application (it is not started: run it in a `ServiceGroup`, or test it).
public func buildApplication(
    configuration: APIConfiguration, dependencies: APIDependencies,
    onServerRunning: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
) -> some ApplicationProtocol {
    let securityEvents = SecurityEventReporter(configuration, dependencies)
    let router = buildRouter(configuration: configuration, dependencies: dependencies, securityEvents: securityEvents)
    return Application(
        responder: BenchBareRouteResponder(inner: router.buildResponder(), enabled: configuration.benchBareRoute),
        server: .http1(configuration: .init(additionalChannelHandlers: [MalformedRequestResponder()])),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "mataresit"),
        services: [SecurityEventFlusher(reporter: securityEvents, window: configuration.securityEventWindow)],
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
        logger: dependencies.logger)
}

/// The router with every middleware and route; separate so tests can drive it without a socket (security events
/// of windows that ended are then published when the next one is counted).
public func buildRouter(configuration: APIConfiguration, dependencies: APIDependencies) -> Router<AppRequestContext> {
    buildRouter(
        configuration: configuration, dependencies: dependencies,
        securityEvents: SecurityEventReporter(configuration, dependencies))
}

func buildRouter(
    configuration: APIConfiguration, dependencies: APIDependencies, securityEvents: SecurityEventReporter
) -> Router<AppRequestContext> {
    let stores = dependencies.repositories
    let router = Router(context: AppRequestContext.self)
    let catalog = RouteCatalog()
    let emitter = RequestEventEmitter(
        publisher: dependencies.publisher, subjectKeys: stores.subjectKeys,
        producer: dependencies.producerName, redaction: dependencies.redaction,
        complianceLogging: configuration.gdprComplianceLogging)
    router.add(
        middleware: RequestPipeline(
            events: configuration.emitsRequestEvents
                ? RequestEventRecorder(emitter: emitter, clientAddresses: configuration.clientAddresses) : nil,
            metrics: HTTPMetricsMiddleware(performanceRecords: configuration.performanceRecords),
            cors: CORSMiddleware(policy: configuration.cors), envelope: ErrorEnvelopeMiddleware(catalog: catalog),
            patterns: SuspiciousPatternMiddleware(reporter: securityEvents)))

    let database = DatabaseProbe(database: stores.database)
    ProbeRoutes(database: database, operations: dependencies.operations).register(on: router, catalog: catalog)
    MetricsRoute(probes: dependencies.operations).register(on: router, catalog: catalog)
    let cache = dependencies.responseCache ?? ResponseCache(policy: configuration.cache)
    let limiter = RateLimiter(
        policy: configuration.rateLimitPolicy, cells: stores.rateLimitCells)
    let keyCache = APIKeyCache()
    let apiGuard = APIGuard(
        databaseGate: DatabaseGate(probe: database),
        authenticator: APIKeyAuthenticator(
            keys: stores.keys, cache: keyCache,
            allowList: configuration.ipAllowList
                ? IPAllowList(clientAddresses: configuration.clientAddresses, securityEvents: securityEvents)
                : nil,
            securityEvents: securityEvents),
        rateLimits: RateLimitMiddleware(limiter: limiter),
        cacheInvalidation: CacheInvalidationMiddleware(
            cache: cache, teams: stores.teams, publisher: dependencies.publisher,
            origin: dependencies.producerName))
    let routes = VersionedRoutes(router: router, catalog: catalog, guard: apiGuard)
    HealthController(database: database, operations: dependencies.operations).register(on: routes)
    PerformanceController(database: database, operations: dependencies.operations, cache: cache).register(on: routes)
    KeysController(
        keys: stores.keys, teams: stores.teams,
        publisher: dependencies.publisher, producer: dependencies.producerName,
        maxActiveKeys: configuration.maxActiveKeysPerUser, keyCache: keyCache
    ).register(on: routes)
    ResourceRoutes.register(
        on: routes, stores: stores, cache: cache, publisher: dependencies.publisher,
        producer: dependencies.producerName)
    GDPRController(
        users: stores.users, export: stores.personalData,
        publisher: dependencies.publisher, producer: dependencies.producerName
    ).register(on: routes)
    OpenAPIRoutes.register(on: router, catalog: catalog)
    let freshness = FreshnessSource(
        offsets: stores.stageFreshness, stageLag: dependencies.operations.stageLag,
        stages: dependencies.projectionStages)
    AccessLogsController(accessLogs: stores.accessLogs, freshnessSource: freshness)
        .register(on: routes)
    UsageRoutes(usage: stores.usage, freshness: freshness).register(on: routes)
    AuditController(audit: stores.audit, freshnessSource: freshness).register(
        on: routes)
    return router
}
