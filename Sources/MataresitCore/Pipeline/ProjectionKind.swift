/// The projections this build can run, and what each one is: the one registry the factory, replay, retention,
/// the benchmark and validation consult (instead of comparing projection names).
public enum ProjectionKind: String, Sendable, Codable, CaseIterable, Comparable {
    case accessLog = "access_log"
    case usageSummary = "usage_summary"
    case rateLimitStats = "rate_limit_stats"
    case archive
    case audit
    case erasure

    /// The tables the projection writes (besides `stage_offsets`, which every stage advances).
    public var tables: [String] {
        switch self {
        case .accessLog: ["api_access_logs"]
        case .usageSummary: ["api_key_usage", "api_key_usage_daily"]
        case .rateLimitStats: ["rate_limit_hourly", "rate_limit_hourly_total"]
        case .archive: []
        case .audit: ["audit_logs", "audit_chain_heads"]
        case .erasure: ["subject_keys", "api_access_logs", "audit_logs", "users", "gdpr_erasures"]
        }
    }

    /// Projections of `api.request` events that can share one stage (one fetch, one decode, one transaction).
    public var projectsRequests: Bool { [.accessLog, .usageSummary, .rateLimitStats].contains(self) }

    /// An aggregate counts each event once: through the access log's primary key when the access log shares its
    /// stage, else through the stage's own event ledger (`stage_applied_events`).
    public var isAggregate: Bool { self == .usageSummary || self == .rateLimitStats }

    /// Whether `mataresit replay` can rebuild it from the archive and Kafka into shadow tables.
    public var isReplayable: Bool { projectsRequests }

    /// A projection with one row per event names that row's key: a bounded replay re-projects the window's rows
    /// in place. Aggregates have none (a window cannot replace totals).
    public var rowKey: (table: String, columns: [String])? {
        self == .accessLog ? ("api_access_logs", ["event_id", "timestamp"]) : nil
    }

    /// Whether it stores personal fields, and so applies the pipeline's access-log redaction policy (and opens
    /// sealed event fields with the subjects' keys). Aggregates never read personal fields.
    public var usesRedaction: Bool { self == .accessLog }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

extension Collection<ProjectionKind> {
    /// Tables a stage hosting these projections writes, the event ledger included when an aggregate needs it.
    public var tables: [String] {
        var tables: [String] = []
        for kind in self { tables += kind.tables.filter { !tables.contains($0) } }
        if needsEventLedger { tables.append("stage_applied_events") }
        return tables
    }

    /// Aggregates hosted without the access log keep their own per-event ledger.
    public var needsEventLedger: Bool { contains(where: \.isAggregate) && !contains(.accessLog) }
}

extension ProjectionKind {
    /// The stage of each projection in the shipped `streams/pipeline.yaml` (for an API built without a pipeline).
    public static let shippedStageNames: [ProjectionKind: String] = [
        .accessLog: "requests", .usageSummary: "requests", .rateLimitStats: "requests", .archive: "archive",
        .audit: "audit", .erasure: "erasure"
    ]
}

extension PipelineSpec {
    /// The stage hosting each projection (validation allows at most one).
    public var projectionStages: [ProjectionKind: String] {
        var stages: [ProjectionKind: String] = [:]
        for stage in self.stages {
            for kind in stage.projections where stages[kind] == nil { stages[kind] = stage.name }
        }
        return stages
    }

    /// Days of `stage_applied_events` kept: the ledger must outlive every duplicate, so the longest topic retention
    /// plus a week's margin for spool outages.
    public var eventLedgerKeepDays: Int {
        let hours = topics.map(\.retentionHours).max() ?? 168
        return (hours + 23) / 24 + 7
    }

    /// The stage hosting `kind`, if any.
    public func stage(hosting kind: ProjectionKind) -> StageSpec? { stages.first { $0.hosts(kind) } }
}
