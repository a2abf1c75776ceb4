import Foundation

/// Requests and rate-limited requests (`status_code = 429`, as the seed's `rate_limit_stats` counts them).
public struct RateLimitCounters: Sendable, Equatable {
    public var totalRequests: Int64 = 0
    public var rateLimitedRequests: Int64 = 0

    public mutating func add(statusCode: Int) {
        totalRequests += 1
        if statusCode == 429 { rateLimitedRequests += 1 }
    }
}

/// An event-time UTC hour of one API key.
public struct KeyHour: Hashable, Sendable {
    public var apiKeyID: UUID
    /// Start of the hour, microseconds since the epoch (see `UTCTime.hourStart`).
    public var hourMicros: Int64
}

/// A batch's additions to the hourly rate-limit tables: per key-hour, and per hour over all traffic.
public struct RateLimitDeltas: Sendable, Equatable {
    public var perKeyHour: [KeyHour: RateLimitCounters] = [:]
    /// Keyed by the hour's start (microseconds); includes unauthenticated requests.
    public var perHour: [Int64: RateLimitCounters] = [:]

    public init() {}

    public var isEmpty: Bool { perHour.isEmpty }
}

/// rate-limit-stats as a pure fold. Hours are event time, so a late event lands in the hour it happened.
public enum RateLimitFold {
    public static func fold(_ rows: some Sequence<AccessLogRow>) -> RateLimitDeltas {
        var deltas = RateLimitDeltas()
        for row in rows {
            let hour = UTCTime.hourStart(micros: row.occurredAtMicros)
            deltas.perHour[hour, default: RateLimitCounters()].add(statusCode: row.statusCode)
            if let key = row.apiKeyID {
                deltas.perKeyHour[KeyHour(apiKeyID: key, hourMicros: hour), default: RateLimitCounters()]
                    .add(statusCode: row.statusCode)
            }
        }
        return deltas
    }
}
