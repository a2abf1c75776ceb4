import Foundation

/// One row of `api_access_logs`, already redacted: the client IP is truncated, nothing is sealed.
public struct AccessLogRow: Sendable, Equatable {
    public var eventID: UUID
    public var occurredAtMicros: Int64
    public var apiKeyID: UUID?
    public var userID: UUID?
    public var teamID: UUID?
    /// Path without query string (the existing API's `endpoint`).
    public var endpoint: String
    public var route: String?
    public var method: String
    public var statusCode: Int
    public var responseTimeMs: Int
    public var ipAddress: String?
    public var userAgent: String?
    public var requestBytes: Int64
    public var responseBytes: Int64
    public var errorCode: String?
    public var rateLimited: Bool

    public var timestamp: Date { Date(timeIntervalSince1970: Double(occurredAtMicros) / 1_000_000) }
}
