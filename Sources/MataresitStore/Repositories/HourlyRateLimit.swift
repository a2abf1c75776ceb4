import Foundation

/// Requests and 429s of one API key in one event-time UTC hour (from the rate-limit-stats projection).
public struct HourlyRateLimit: Sendable, Encodable, Equatable {
    public var hour: Date
    public var apiKeyID: UUID
    public var totalRequests: Int64
    public var rateLimitedRequests: Int64

    /// `rate_limited / total * 100`, rounded to two decimals like the seed's `rate_limit_stats`.
    public var rateLimitPercentage: Double {
        totalRequests == 0 ? 0 : (Double(rateLimitedRequests) / Double(totalRequests) * 10_000).rounded() / 100
    }

    enum CodingKeys: String, CodingKey {
        case hour, apiKeyID = "api_key_id", totalRequests = "total_requests"
        case rateLimitedRequests = "rate_limited_requests", rateLimitPercentage = "rate_limit_percentage"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(hour, forKey: .hour)
        try container.encodeLowercase(apiKeyID, forKey: .apiKeyID)
        try container.encode(totalRequests, forKey: .totalRequests)
        try container.encode(rateLimitedRequests, forKey: .rateLimitedRequests)
        try container.encode(rateLimitPercentage, forKey: .rateLimitPercentage)
    }
}
