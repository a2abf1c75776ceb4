import Logging
import MataresitCore
import PostgresNIO

/// Registers the resource endpoints of API.md §3: receipts, claims, teams, me, categories, analytics, search,
/// and the 501 stubs.
enum ResourceRoutes {
    static func register(
        on routes: VersionedRoutes, stores: APIRepositories, client: PostgresClient, logger: Logger,
        cache: ResponseCache,
        publisher: any EventPublishing, producer: String
    ) {
        ReceiptsController(stores: stores).register(on: routes)
        ClaimsController(stores: stores).register(on: routes)
        TeamsController(client: client, logger: logger, cache: cache).register(on: routes)
        TeamMembersController(client: client, logger: logger, publisher: publisher, producer: producer).register(
            on: routes)
        TeamStubs.register(on: routes)
        MeController(client: client, logger: logger, cache: cache).register(on: routes)
        CategoriesController(client: client, logger: logger, cache: cache).register(on: routes)
        SpendingAnalyticsController(stores: stores, cache: cache).register(on: routes)
        SearchController(stores: stores, cache: cache).register(on: routes)
        GamificationStubs.register(on: routes)
    }
}
