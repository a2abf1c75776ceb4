import Foundation

/// One HTTP request handled by the API, emitted after its status was decided.
/// Personal fields (client IP, user agent) travel only sealed.
public struct ApiRequestEvent: Sendable, Equatable {
    public static let typeName = "api.request"

    public var requestID: UUID
    public var apiKeyID: UUID?
    public var apiKeyPrefix: String?
    public var userID: UUID?
    public var teamID: UUID?
    public var tier: String?
    public var method: String
    /// Route template such as `/api/v1/receipts/{id}`; nil when no route matched.
    public var route: String?
    /// Path without the query string, unless the redaction policy keeps the (redacted) query string.
    public var path: String
    public var status: Int
    public var errorCode: String?
    public var durationMicros: UInt64
    public var requestBytes: UInt64
    public var responseBytes: UInt64
    public var rateLimit: RateLimitDecision
    public var clientIP: SealedValue?
    public var userAgent: SealedValue?
    /// What the redaction policy removed from this request, as field name -> count (never values).
    public var redactions: [String: UInt32]

    public init(
        requestID: UUID = RandomBytes.uuid(), apiKeyID: UUID? = nil, apiKeyPrefix: String? = nil, userID: UUID? = nil,
        teamID: UUID? = nil, tier: String? = nil, method: String, route: String? = nil, path: String,
        status: Int, errorCode: String? = nil, durationMicros: UInt64 = 0, requestBytes: UInt64 = 0,
        responseBytes: UInt64 = 0, rateLimit: RateLimitDecision = .notChecked,
        clientIP: SealedValue? = nil, userAgent: SealedValue? = nil, redactions: [String: UInt32] = [:]
    ) {
        self.requestID = requestID
        self.apiKeyID = apiKeyID
        self.apiKeyPrefix = apiKeyPrefix
        self.userID = userID
        self.teamID = teamID
        self.tier = tier
        self.method = method
        self.route = route
        self.path = path
        self.status = status
        self.errorCode = errorCode
        self.durationMicros = durationMicros
        self.requestBytes = requestBytes
        self.responseBytes = responseBytes
        self.rateLimit = rateLimit
        self.clientIP = clientIP
        self.userAgent = userAgent
        self.redactions = redactions
    }
}

/// What the rate limiter decided for a request.
public enum RateLimitDecision: String, Sendable, Equatable, CaseIterable {
    case allowed, limited
    /// Unauthenticated, or rejected before the limiter ran.
    case notChecked = "not_checked"
}

/// A personal value sealed with AES-GCM under the data key of one subject (see `PersonalDataSealer`).
public struct SealedValue: Sendable, Equatable {
    /// `user:<uuid>` or `anon:<yyyy-mm-dd>`.
    public var subject: String
    /// AES-GCM nonce, ciphertext and tag.
    public var combined: [UInt8]
}
