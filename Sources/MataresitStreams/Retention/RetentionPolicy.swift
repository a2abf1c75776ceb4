/// How long projections keep rows: access-log rows by their user's tier (free 7, pro 90, max 365 days;
/// unauthenticated traffic counts as free), audit rows `AUDIT_LOG_RETENTION_DAYS` (default 365).
/// Aggregates (usage, rate-limit stats) are kept.
public struct RetentionPolicy: Sendable, Equatable {
    public var accessLogDays: [String: Int]
    public var auditDays: Int

    public init(accessLogDays: [String: Int] = ["free": 7, "pro": 90, "max": 365], auditDays: Int = 365) {
        self.accessLogDays = accessLogDays
        self.auditDays = auditDays
    }

    /// The longest tier retention: day partitions older than this hold nothing any tier keeps.
    var longestAccessLogDays: Int { accessLogDays.values.max() ?? 365 }
}

/// What a retention run did, and what it refused to do because the archive does not hold it yet.
public struct RetentionReport: Sendable, Equatable {
    public var droppedPartitions: [String] = []
    public var deletedAccessLogRows = 0
    public var deletedAuditRows = 0
    /// Why a part was skipped (archive not covering it), one line per part.
    public var skipped: [String] = []
}
