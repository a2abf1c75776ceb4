import HTTPTypes
import Hummingbird

/// Registers each `/api/v1` route under both published prefixes and in the route catalog.
struct VersionedRoutes {
    /// The current base path and the historical one of the existing service.
    static let prefixes = ["/api/v1", "/functions/v1/external-api/api/v1"]

    let groups: [RouterGroup<AppRequestContext>]
    let catalog: RouteCatalog

    /// Every route of the groups fails fast while the database is down, is authenticated, then rate limited;
    /// successful writes invalidate cached reads.
    init(
        router: Router<AppRequestContext>, catalog: RouteCatalog, databaseGate: DatabaseGate,
        authenticator: APIKeyAuthenticator, rateLimits: RateLimitMiddleware,
        cacheInvalidation: CacheInvalidationMiddleware
    ) {
        self.groups = Self.prefixes.map {
            router.group(RouterPath($0)).add(middleware: databaseGate).add(middleware: authenticator)
                .add(middleware: rateLimits).add(middleware: cacheInvalidation)
        }
        self.catalog = catalog
    }

    typealias Handler = @Sendable (Request, AppRequestContext) async throws -> Response

    func on(_ method: HTTPRequest.Method, _ path: String, _ handler: @escaping Handler) {
        for (prefix, group) in zip(Self.prefixes, groups) {
            group.on(RouterPath(path), method: method, use: handler)
            catalog.add(method, prefix + "/" + path)
        }
    }
}
