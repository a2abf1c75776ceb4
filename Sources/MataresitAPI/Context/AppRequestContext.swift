import Foundation
import Hummingbird
import MataresitCore
import MataresitStore
import NIOCore

/// The per-request context: Hummingbird's core storage, the authenticated caller, and the shared trace
/// that the outermost middleware turns into the request's event.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by the authenticator on `/api/v1` routes.
    public var caller: AuthenticatedCaller?
    /// Shared by every copy of this context (a reference), so inner layers can report outward.
    public let trace: RequestTrace
    /// The peer address, when the request arrived over a socket.
    public let remoteAddress: String?
    /// Body size limit (`MAX_REQUEST_BODY_BYTES`, default 1 MiB), applied when a body is collected.
    public var maxUploadSize: Int { trace.maxBodyBytes }

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        trace = RequestTrace()
        remoteAddress = source.channel.remoteAddress?.ipAddress
    }

    /// The caller, or a 401 when the route was reached without authentication (a wiring mistake).
    public func requireCaller() throws -> AuthenticatedCaller {
        guard let caller else { throw APIError.invalidAPIKey("API key required") }
        return caller
    }

    /// The caller, provided its key holds `scope`: 401 without a caller, then 403 without the scope.
    func requireCaller(with scope: Scope) throws -> AuthenticatedCaller {
        let caller = try requireCaller()
        try caller.require(scope)
        return caller
    }

    public var requestDecoder: JSONDecoder { JSONCoding.decoder }
    public var responseEncoder: JSONEncoder { JSONCoding.encoder }
}

/// Who is calling: the key, its owner and what it may do.
public struct AuthenticatedCaller: Sendable {
    public let key: StoredAPIKey
    public var userID: UUID { key.userID }
    /// The caller as the audit log names an actor: the key's user and the key.
    public var auditActor: TeamAdminActions.Actor { .init(userID: key.userID, apiKeyID: key.id) }

    /// Throws 403 unless the key holds `scope` (or `admin:all`).
    public func require(_ scope: Scope) throws {
        guard scope.isSatisfied(by: key.scopes) else {
            throw APIError(
                status: .forbidden, code: .insufficientPermissions,
                message: "Insufficient permissions for \(scope.rawValue)")
        }
    }

    /// analytics:read and a paid tier: the free tier gets 403, as in the existing service.
    public func requireAnalytics() throws {
        try require(.analyticsRead)
        guard key.tier != .free else {
            throw APIError(
                status: .forbidden, code: .subscriptionLimitExceeded,
                message: "Analytics features require Pro or Max subscription")
        }
    }
}
