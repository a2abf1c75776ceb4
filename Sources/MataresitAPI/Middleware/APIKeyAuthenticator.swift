import Foundation
import HTTPTypes
import Hummingbird
import MataresitCore
import MataresitStore
import Synchronization

/// Authenticates `/api/v1` requests by `X-API-Key` (or `Authorization: Bearer mk_...`): SHA-256 look-up,
/// constant-time comparison, active and expiry checks. Keys are cached for `cacheSeconds` (1 s by default),
/// so a revoked key stops working everywhere within that time. Keys are never logged.
struct APIKeyAuthenticator: Sendable {
    typealias Context = AppRequestContext
    let keys: any APIKeyRepository
    let cache: APIKeyCache
    /// Set when `ENABLE_IP_WHITELIST` is on.
    var allowList: IPAllowList? = nil
    /// Counts failed authentications per client and publishes bursts (nil: not reported).
    var securityEvents: SecurityEventReporter? = nil

    /// The context with the caller set, or a 401 (counted against the client) or 403 (allow-list).
    func admit(_ request: Request, context: Context) async throws -> Context {
        let key: StoredAPIKey
        do {
            key = try await authenticate(request)
        } catch let error as APIError where error.status == .unauthorized {
            try await securityEvents?.failedAuthentication(request, context: context)
            throw error
        }
        context.trace.record(key: key)
        try await allowList?.check(key, request: request, context: context)
        var context = context
        context.caller = AuthenticatedCaller(key: key)
        return context
    }

    private func authenticate(_ request: Request) async throws -> StoredAPIKey {
        guard let presented = Self.presentedKey(in: request.headers) else {
            throw APIError.invalidAPIKey("API key required: send it in the X-API-Key header")
        }
        guard let secret = APIKeySecret(presented) else { throw APIError.invalidAPIKey("Invalid API key") }
        let hash = secret.hash
        let stored: StoredAPIKey?
        if let cached = cache.lookup(hash) {
            stored = cached
        } else {
            stored = try await keys.find(hash: hash)
            if let stored { cache.store(stored) }
        }
        guard let stored, constantTimeEquals(stored.keyHash, hash) else {
            throw APIError.invalidAPIKey("Invalid API key")
        }
        guard stored.isActive else { throw APIError.invalidAPIKey("API key has been revoked") }
        if let expiry = stored.expiresAt, expiry <= Date() {
            throw APIError(status: .unauthorized, code: .expiredAPIKey, message: "API key has expired")
        }
        return stored
    }

    /// The key from `X-API-Key`, else from `Authorization: Bearer mk_...`; other Authorization values are ignored.
    static func presentedKey(in headers: HTTPFields) -> String? {
        if let value = headers[.apiKey], !value.isEmpty { return value }
        guard let authorization = headers[.authorization], authorization.hasPrefix("Bearer mk_") else { return nil }
        return String(authorization.dropFirst("Bearer ".count))
    }
}

/// A short-lived cache of stored keys by hash (bounded; cleared whole when full).
final class APIKeyCache: Sendable {
    private let entries = Mutex<[String: (key: StoredAPIKey, until: ContinuousClock.Instant)]>([:])
    private let ttl: Duration
    private let capacity: Int

    init(ttl: Duration = .seconds(1), capacity: Int = 10_000) {
        self.ttl = ttl
        self.capacity = capacity
    }

    func lookup(_ hash: String) -> StoredAPIKey? {
        entries.withLock { entries in
            guard let entry = entries[hash], entry.until > .now else { return nil }
            return entry.key
        }
    }

    /// Forgets a key this instance just changed (revoked, rotated, narrowed), so the change holds here at once;
    /// other instances see it within the time to live.
    func evict(keyID: UUID) {
        entries.withLock { entries in entries = entries.filter { $0.value.key.id != keyID } }
    }

    func store(_ key: StoredAPIKey) {
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key.keyHash] = (key, .now + ttl)
        }
    }
}
