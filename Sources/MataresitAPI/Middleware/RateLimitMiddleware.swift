import HTTPTypes
import Hummingbird
import MataresitCore
import MataresitStore

/// Applies the caller's tier limits to the user, shared by all of the user's keys (a second key buys no second
/// allowance). The outcome travels in the request trace, so that every response, errors included, carries the true
/// `X-RateLimit-*` headers (see `ErrorEnvelopeMiddleware`).
struct RateLimitMiddleware: Sendable {
    let limiter: RateLimiter

    /// Returns when the caller's windows admit the request; a 429 (or 503 when the limiter fails) otherwise.
    func admit(_ context: AppRequestContext) async throws {
        let caller = try context.requireCaller()
        let verdict: RateLimiter.Verdict
        do {
            verdict = try await limiter.check(subject: caller.userID, tier: caller.key.tier)
        } catch {
            context.logger.error("rate limiter unavailable", metadata: ["error": "\(StoreError.wrap(error))"])
            // Fail closed, as the existing service does, but say why.
            throw APIError(
                status: .serviceUnavailable, code: .serviceUnavailable,
                message: "Rate limiter unavailable; retry shortly")
        }
        switch verdict {
        case .allowed(let status):
            context.trace.record(rateLimit: .allowed, status: status, tier: caller.key.tier)
        case .limited(let status):
            context.trace.record(rateLimit: .limited, status: status, tier: caller.key.tier)
            throw APIError(
                status: .tooManyRequests, code: .rateLimitExceeded,
                message: "Rate limit exceeded: \(status.limit) requests per window; retry in \(status.retryAfter) s",
                details: ["retryAfter": .number(Double(status.retryAfter)), "limit": .number(Double(status.limit))],
                headers: [.retryAfter: "\(status.retryAfter)"])
        }
    }
}

extension HTTPField.Name {
    static let rateLimitLimit = HTTPField.Name("X-RateLimit-Limit")!
    static let rateLimitRemaining = HTTPField.Name("X-RateLimit-Remaining")!
    static let rateLimitReset = HTTPField.Name("X-RateLimit-Reset")!
    static let rateLimitTier = HTTPField.Name("X-RateLimit-Tier")!
}
