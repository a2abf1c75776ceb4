/// `GET /analytics/api-usage` in its published shape.
public struct APIUsageAnalytics: Sendable, Encodable, Equatable {
    public struct DayCount: Sendable, Encodable, Equatable {
        public var date: String
        public var count: Int64
    }

    public struct EndpointCount: Sendable, Encodable, Equatable {
        public var endpoint: String
        public var count: Int64
    }

    public var totalRequests: Int64
    /// Status below 400.
    public var successfulRequests: Int64
    public var errorRequests: Int64
    /// Mean over every request with a response time, rounded to two decimals (0 without requests).
    public var avgResponseTimeMs: Double
    public var requestsByDay: [DayCount]
    public var topEndpoints: [EndpointCount]

    enum CodingKeys: String, CodingKey {
        case totalRequests = "total_requests", successfulRequests = "successful_requests"
        case errorRequests = "error_requests", avgResponseTimeMs = "avg_response_time_ms"
        case requestsByDay = "requests_by_day", topEndpoints = "top_endpoints"
    }
}
