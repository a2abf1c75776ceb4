/// Usage counters of one API key over some rows: what `api_key_usage` and `api_key_usage_daily` hold,
/// and also a batch's delta to add to them.
public struct UsageCounters: Sendable, Equatable {
    public var totalRequests: Int64 = 0
    /// Rows with `status_code >= 400`.
    public var errorCount: Int64 = 0
    /// Sum and count of the rows' response times, so the mean equals `AVG(response_time_ms)` exactly.
    public var sumResponseTimeMs: Int64 = 0
    public var responseTimeCount: Int64 = 0
    /// Newest row time (microseconds since the epoch); nil when there were no rows.
    public var lastUsedMicros: Int64?
    /// `LatencyHistogram` counts of the response times.
    public var latencyBuckets: [Int64] = []

    public init() {}

    /// Counts one access-log row.
    public mutating func add(_ row: AccessLogRow) {
        totalRequests += 1
        if row.statusCode >= 400 { errorCount += 1 }
        sumResponseTimeMs += Int64(row.responseTimeMs)
        responseTimeCount += 1
        lastUsedMicros = max(lastUsedMicros ?? row.occurredAtMicros, row.occurredAtMicros)
        LatencyHistogram.record(milliseconds: row.responseTimeMs, into: &latencyBuckets)
    }

    /// Adds another set of counters (as the SQL upsert does).
    public mutating func add(_ other: UsageCounters) {
        totalRequests += other.totalRequests
        errorCount += other.errorCount
        sumResponseTimeMs += other.sumResponseTimeMs
        responseTimeCount += other.responseTimeCount
        if let last = other.lastUsedMicros { lastUsedMicros = max(lastUsedMicros ?? last, last) }
        latencyBuckets = LatencyHistogram.adding(latencyBuckets, other.latencyBuckets)
    }
}
