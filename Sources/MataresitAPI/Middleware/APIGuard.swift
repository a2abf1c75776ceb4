import Hummingbird

/// What every `/api/v1` route passes, in one layer, in this order: the database gate (503 while Postgres does not
/// answer), the API key (401/403), the rate limit (429), then the route; a successful write then invalidates the
/// cached reads it may change.
struct APIGuard: RouterMiddleware {
    typealias Context = AppRequestContext
    let databaseGate: DatabaseGate
    let authenticator: APIKeyAuthenticator
    let rateLimits: RateLimitMiddleware
    let cacheInvalidation: CacheInvalidationMiddleware

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        try await databaseGate.run(request, context: context) { request, context in
            let context = try await authenticator.admit(request, context: context)
            try await rateLimits.admit(context)
            let response = try await next(request, context)
            await cacheInvalidation.written(request, response, context: context)
            return response
        }
    }
}
