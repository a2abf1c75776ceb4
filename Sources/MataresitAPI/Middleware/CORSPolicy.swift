import HTTPTypes
import Hummingbird

/// Cross-origin rules (`CORS_ALLOWED_ORIGINS`, `_METHODS`, `_HEADERS`): preflights from an allowed origin
/// get 204 with the allowed methods and headers; other requests from it get `Access-Control-Allow-Origin`
/// and the rate-limit and error headers exposed. Requests from other origins get no CORS headers.
public struct CORSPolicy: Sendable {
    public var allowedOrigins: [String]
    public var allowedMethods: [String]
    public var allowedHeaders: [String]

    public init(
        allowedOrigins: [String] = ["https://mataresit.com", "https://app.mataresit.com"],
        allowedMethods: [String] = ["GET", "POST", "PUT", "DELETE", "OPTIONS"],
        allowedHeaders: [String] = ["X-API-Key", "Content-Type", "Authorization"]
    ) {
        self.allowedOrigins = allowedOrigins
        self.allowedMethods = allowedMethods
        self.allowedHeaders = allowedHeaders
    }

    /// The value of `Access-Control-Allow-Origin` for this origin, or nil when it is not allowed.
    func allowOrigin(for origin: String?) -> String? {
        guard let origin, origin != "null" else { return nil }
        if allowedOrigins.contains("*") { return "*" }
        return allowedOrigins.contains(origin) ? origin : nil
    }
}

struct CORSMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let policy: CORSPolicy
    static let exposed =
        "X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, X-RateLimit-Tier, Retry-After, X-Error-Code"

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        if let answer = preflight(request) { return answer }
        var response = try await next(request, context)
        decorate(&response, for: request)
        return response
    }

    /// The answer to a preflight (`OPTIONS` with `Access-Control-Request-Method`); nil for other requests.
    func preflight(_ request: Request) -> Response? {
        guard request.method == .options, request.headers[.accessControlRequestMethod] != nil else { return nil }
        let allowed = policy.allowOrigin(for: request.headers[.origin])
        var response = Response(status: allowed == nil ? .forbidden : .noContent)
        if let allowed {
            response.headers[.accessControlAllowOrigin] = allowed
            response.headers[.accessControlAllowMethods] = policy.allowedMethods.joined(separator: ", ")
            response.headers[.accessControlAllowHeaders] = policy.allowedHeaders.joined(separator: ", ")
            response.headers[.accessControlMaxAge] = "600"
        }
        response.headers[.vary] = "Origin"
        return response
    }

    /// The CORS headers of an answer to an allowed origin.
    func decorate(_ response: inout Response, for request: Request) {
        guard let allowed = policy.allowOrigin(for: request.headers[.origin]) else { return }
        response.headers[.accessControlAllowOrigin] = allowed
        response.headers[.accessControlExposeHeaders] = Self.exposed
        response.headers[.vary] = "Origin"
    }
}
