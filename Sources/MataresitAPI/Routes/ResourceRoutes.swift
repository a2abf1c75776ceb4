import MataresitCore

/// Registers the resource endpoints of API.md §3: receipts, claims, teams, me, categories, analytics, search,
/// and the 501 stubs.
enum ResourceRoutes {
    static func register(
        on routes: VersionedRoutes, stores: APIRepositories, cache: ResponseCache, publisher: any EventPublishing,
        producer: String
    ) {
        ReceiptsController(stores: stores, cache: cache).register(on: routes)
        ClaimsController(stores: stores).register(on: routes)
        TeamsController(stores: stores, cache: cache).register(on: routes)
        TeamMembersController(stores: stores, publisher: publisher, producer: producer).register(on: routes)
        TeamStubs.register(on: routes)
        MeController(stores: stores, cache: cache).register(on: routes)
        CategoriesController(stores: stores, cache: cache).register(on: routes)
        SpendingAnalyticsController(stores: stores, cache: cache).register(on: routes)
        SearchController(stores: stores, cache: cache).register(on: routes)
        GamificationStubs.register(on: routes)
    }
}
