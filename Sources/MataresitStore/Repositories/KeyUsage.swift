import Foundation
import MataresitCore

/// Usage of one API key, overall or on one UTC day, as the API returns it (from the usage-summary projection).
public struct KeyUsage: Sendable, Encodable, Equatable {
    public var apiKeyID: UUID
    /// Key name and display prefix; nil on per-day entries.
    public var name: String?
    public var keyPrefix: String?
    /// `yyyy-MM-dd` (UTC) on per-day entries; nil on the overall entry.
    public var date: String?
    public var totalRequests: Int64
    public var errorCount: Int64
    /// Mean response time, `sum / count` of the rows (nil without rows).
    public var avgResponseTimeMs: Double?
    /// Nearest-rank percentiles from the latency histogram: exact below 32 ms, within 3.125 % above.
    public var p95ResponseTimeMs: Int?
    public var p99ResponseTimeMs: Int?
    public var lastUsed: Date?

    enum CodingKeys: String, CodingKey {
        case apiKeyID = "api_key_id", name, keyPrefix = "key_prefix", date, totalRequests = "total_requests"
        case errorCount = "error_count", avgResponseTimeMs = "avg_response_time_ms"
        case p95ResponseTimeMs = "p95_response_time_ms", p99ResponseTimeMs = "p99_response_time_ms"
        case lastUsed = "last_used"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeLowercase(apiKeyID, forKey: .apiKeyID)
        if let name { try container.encode(name, forKey: .name) }
        if let keyPrefix { try container.encode(keyPrefix, forKey: .keyPrefix) }
        if let date { try container.encode(date, forKey: .date) }
        try container.encode(totalRequests, forKey: .totalRequests)
        try container.encode(errorCount, forKey: .errorCount)
        try container.encode(avgResponseTimeMs, forKey: .avgResponseTimeMs)
        try container.encode(p95ResponseTimeMs, forKey: .p95ResponseTimeMs)
        try container.encode(p99ResponseTimeMs, forKey: .p99ResponseTimeMs)
        try container.encode(lastUsed, forKey: .lastUsed)
    }
}

extension KeyUsage {
    /// From the projection's totals (requests, errors, response-time sum and count) and latency histogram.
    init(
        apiKeyID: UUID, name: String?, keyPrefix: String?, date: String?, totals: (Int64, Int64, Int64, Int64),
        lastUsed: Date?, histogram: [Int64]
    ) {
        self.apiKeyID = apiKeyID
        self.name = name
        self.keyPrefix = keyPrefix
        self.date = date
        totalRequests = totals.0
        errorCount = totals.1
        avgResponseTimeMs = totals.3 > 0 ? Double(totals.2) / Double(totals.3) : nil
        p95ResponseTimeMs = LatencyHistogram.percentile(0.95, of: histogram)
        p99ResponseTimeMs = LatencyHistogram.percentile(0.99, of: histogram)
        self.lastUsed = lastUsed
    }
}
