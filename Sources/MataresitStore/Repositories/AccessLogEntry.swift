import Foundation

/// One access-log row as the API returns it to its owner.
public struct AccessLogEntry: Sendable, Codable, Equatable {
    public var id: UUID
    public var apiKeyID: UUID?
    public var endpoint: String
    public var route: String?
    public var method: String
    public var statusCode: Int
    public var responseTimeMs: Int?
    public var ipAddress: String?
    public var userAgent: String?
    public var errorCode: String?
    public var rateLimited: Bool
    public var timestamp: Date

    enum CodingKeys: String, CodingKey {
        case id, endpoint, route, method, timestamp
        case apiKeyID = "api_key_id", statusCode = "status_code", responseTimeMs = "response_time_ms"
        case ipAddress = "ip_address", userAgent = "user_agent", errorCode = "error_message"
        case rateLimited = "rate_limited"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeLowercase(id, forKey: .id)
        try container.encodeLowercase(apiKeyID, forKey: .apiKeyID)
        try container.encode(endpoint, forKey: .endpoint)
        try container.encode(route, forKey: .route)
        try container.encode(method, forKey: .method)
        try container.encode(statusCode, forKey: .statusCode)
        try container.encode(responseTimeMs, forKey: .responseTimeMs)
        try container.encode(ipAddress, forKey: .ipAddress)
        try container.encode(userAgent, forKey: .userAgent)
        try container.encode(errorCode, forKey: .errorCode)
        try container.encode(rateLimited, forKey: .rateLimited)
        try container.encode(timestamp, forKey: .timestamp)
    }
}
