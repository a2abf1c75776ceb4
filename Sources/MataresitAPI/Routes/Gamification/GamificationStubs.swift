import Hummingbird

/// `GET /gamification/profile` and `/gamification/leaderboard` (gamification:read): not provided by this
/// service yet, answered with 501 in the error envelope (DESIGN.md §3 allows it).
enum GamificationStubs {
    static func register(on routes: VersionedRoutes) {
        for path in ["gamification/profile", "gamification/leaderboard"] {
            routes.on(.get, path) { _, context in
                _ = try context.requireCaller(with: .gamificationRead)
                throw APIError.notImplemented("Gamification is not available through this API yet")
            }
        }
    }
}
