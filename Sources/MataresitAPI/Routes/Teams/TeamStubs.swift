import HTTPTypes
import Hummingbird

/// The team operations the existing service only stubs: 501 in the error envelope (after authentication).
enum TeamStubs {
    static let routes: [(HTTPRequest.Method, String)] = [
        (.post, "teams"), (.put, "teams/{id}"), (.patch, "teams/{id}"), (.delete, "teams/{id}"),
        (.post, "teams/{id}/members"), (.put, "teams/{id}/members/{userId}"), (.patch, "teams/{id}/members/{userId}"),
        (.post, "teams/{id}/schedule-removal"), (.get, "teams/{id}/claims"), (.get, "teams/{id}/activity")
    ]

    static func register(on routes: VersionedRoutes) {
        for (method, path) in Self.routes {
            routes.on(method, path) { _, context in
                _ = try context.requireCaller()
                throw APIError.notImplemented("This team operation is not available through the external API")
            }
        }
    }
}
