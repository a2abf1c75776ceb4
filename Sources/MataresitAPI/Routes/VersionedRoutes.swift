import HTTPTypes
import Hummingbird

/// Registers each `/api/v1` route under both published prefixes and in the route catalog.
struct VersionedRoutes {
    /// The current base path and the historical one of the existing service.
    static let prefixes = ["/api/v1", "/functions/v1/external-api/api/v1"]

    let groups: [RouterGroup<AppRequestContext>]
    let catalog: RouteCatalog

    /// Every route of the groups passes `guard` (database gate, key, rate limit, cache invalidation).
    init(router: Router<AppRequestContext>, catalog: RouteCatalog, guard: APIGuard) {
        self.groups = Self.prefixes.map { router.group(RouterPath($0)).add(middleware: `guard`) }
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
