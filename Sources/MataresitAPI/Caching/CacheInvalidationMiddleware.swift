import Foundation
import HTTPTypes
import Hummingbird
import MataresitCore
import MataresitStore

/// After a successful write (POST, PUT, PATCH, DELETE other than the read-only searches), drops this
/// instance's cached reads of the data it may have changed and tells the other instances with a
/// `CacheInvalidation` event. Tags: the caller's `user:` tag, a `team:` tag for each team of the caller
/// and for a team named in the path. Cached reads carry the tags of every team they show, so a member
/// removed from a team or a teammate's new receipt refreshes them too.
struct CacheInvalidationMiddleware: Sendable {
    typealias Context = AppRequestContext
    let cache: ResponseCache
    let teams: any TeamRepository
    let publisher: any EventPublishing
    /// This instance's name; listeners skip their own invalidations.
    let origin: String

    /// POST routes that only read.
    static let readOnlyPosts: Set<String> = ["search", "search/query", "search/suggestions"]

    /// After a successful write: drops this instance's cached reads it may change and tells the other instances.
    func written(_ request: Request, _ response: Response, context: Context) async {
        guard Self.changesData(request), response.status.code < 400, let caller = context.caller else { return }
        let tags = await tags(for: caller.userID, path: request.uri.path, context: context)
        cache.invalidate(tags: tags)
        publisher.publish(
            EventEnvelope(
                occurredAtMicros: Date().microsecondsSince1970, producer: origin,
                payload: .cacheInvalidation(CacheInvalidation(tags: tags, origin: origin))))
    }

    static func changesData(_ request: Request) -> Bool {
        switch request.method {
        case .put, .patch, .delete: return true
        case .post: return !readOnlyPosts.contains(relativePath(request.uri.path))
        default: return false
        }
    }

    /// The path below the version prefix (`receipts/batch`).
    static func relativePath(_ path: String) -> String {
        for prefix in VersionedRoutes.prefixes where path.hasPrefix(prefix + "/") {
            return String(path.dropFirst(prefix.count + 1))
        }
        return path
    }

    /// If the teams cannot be read, every team-tagged entry is stale-able: drop the whole `team` class.
    func tags(for userID: UUID, path: String, context: Context) async -> [String] {
        var tags = [ResponseCache.userTag(userID)]
        let parts = Self.relativePath(path).split(separator: "/")
        if parts.count >= 2, parts[0] == "teams", let teamID = UUID(uuidString: String(parts[1])) {
            tags.append(ResponseCache.teamTag(teamID))
        }
        do {
            tags += try await teams.teamIDs(userID: userID).map(ResponseCache.teamTag)
        } catch {
            context.logger.warning("cache invalidation without team tags", metadata: ["error": "\(error)"])
            tags.append(ResponseCachePolicy.Class.teamData.rawValue)
        }
        return Array(Set(tags)).sorted()
    }
}
