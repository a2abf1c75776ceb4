import Crypto
import Foundation
import Hummingbird
import MataresitCore

extension ResponseCache {
    /// A cacheable read of one caller: its class, the tags that name the data it shows, and the body.
    struct Read: Sendable {
        var response: CachedResponse
        /// `team:<id>` and the like; `user:<caller>` and the class name are added by ``answer(_:for:caller:variant:produce:)``.
        var tags: [String] = []
    }

    /// Answers a read from the cache when a fresh copy for this caller, tier and request exists; otherwise
    /// runs `produce` and keeps its result. Call it after the scope checks (they are not cached).
    /// `variant` distinguishes requests whose body matters (search).
    func answer(
        _ kind: ResponseCachePolicy.Class, for request: Request, caller: AuthenticatedCaller, variant: String = "",
        produce: () async throws -> Read
    ) async throws -> Response {
        let key = Self.key(kind, request: request, caller: caller, variant: variant)
        let ticket: TaggedLRUCache<CachedResponse>.Ticket
        switch lookup(key) {
        case .hit(let cached): return cached.response(cacheStatus: "HIT")
        case .miss(let issued): ticket = issued
        }
        let read = try await produce()
        let tags = [kind.rawValue, Self.userTag(caller.userID)] + read.tags
        store(read.response, key: key, kind: kind, tags: tags, ticket: ticket)
        return read.response.response(cacheStatus: "MISS")
    }

    /// Class, user, tier, method, full URI (path and query) and the variant; the variant is hashed.
    static func key(
        _ kind: ResponseCachePolicy.Class, request: Request, caller: AuthenticatedCaller, variant: String
    ) -> String {
        let digest = variant.isEmpty ? "" : Hex.lowercase(SHA256.hash(data: Data(variant.utf8)))
        return [
            kind.rawValue, caller.userID.uuidString, caller.key.tier.rawValue, request.method.rawValue,
            request.uri.description, digest
        ].joined(separator: "|")
    }

    static func userTag(_ id: UUID) -> String { "user:\(id.uuidString.lowercased())" }
    static func teamTag(_ id: UUID) -> String { "team:\(id.uuidString.lowercased())" }
}
