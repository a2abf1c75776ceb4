import Foundation
import Logging
import MataresitCore
import MataresitStore
import PostgresNIO

/// The request projections a stage hosts (any of access log, usage summary, rate-limit statistics) over one batch:
/// the events are decoded once, turned into rows once (personal fields opened only when the access log stores
/// them), and written in the stage's one transaction.
///
/// Each event counts once. With the access log hosted, its primary key on the event id is the duplicate filter:
/// the aggregates fold only the rows the insert added (see ``LateEventCheck`` for rows retention deleted). Without
/// it, the stage's event ledger (`stage_applied_events`) records which events it applied.
public final class RequestStageProjection: EventProjection {
    public let kinds: Set<ProjectionKind>
    private let stage: String
    private let client: PostgresClient
    private let personalFields: PersonalFieldOpener?
    private let partitions: DayPartitions
    private let logger: Logger

    /// `stage` names the stage in the event ledger; `kinds` must be request projections (see
    /// `ProjectionKind.projectsRequests`). `subjectKeys` opens sealed fields for the access log.
    public init(
        stage: String, hosting kinds: some Sequence<ProjectionKind>, client: PostgresClient,
        subjectKeys: SubjectKeyStore, policy: RedactionPolicy, logger: Logger
    ) {
        let kinds = Set(kinds)
        precondition(!kinds.isEmpty && kinds.allSatisfy(\.projectsRequests), "not request projections: \(kinds)")
        self.kinds = kinds
        self.stage = stage
        self.client = client
        self.logger = logger
        let storesAccessLog = kinds.contains(.accessLog)
        personalFields = storesAccessLog ? PersonalFieldOpener(subjectKeys: subjectKeys, policy: policy) : nil
        partitions = storesAccessLog ? .accessLog : .eventLedger
    }

    /// Outside the transaction: one row per event id, personal fields opened where stored, day partitions made.
    public func prepare(_ events: [EventEnvelope]) async throws -> [AccessLogRow] {
        let unique = Self.firstOfEachID(events)
        let rows = try await personalFields?.rows(for: unique) ?? unique.compactMap(PersonalFieldOpener.anonymous.row(for:))
        try await partitions.ensure(for: rows, client: client, logger: logger)
        return rows
    }

    /// Inside the transaction: the rows the projections have not seen, stored and folded. Returns rows stored
    /// (the access log's) or counted (an aggregate's).
    public func write(_ rows: [AccessLogRow], on connection: PostgresConnection, logger: Logger) async throws -> Int {
        let fresh: [AccessLogRow]
        if let personalFields {
            fresh = try await storeAccessLog(rows, opener: personalFields, on: connection, logger: logger)
        } else {
            let ids = try await AppliedEventLedger.recordNew(stage: stage, events: rows, on: connection, logger: logger)
            fresh = ids.count == rows.count ? rows : rows.filter { ids.contains($0.eventID) }
        }
        if kinds.contains(.usageSummary) {
            try await UsageWriter.add(UsageFold.fold(fresh), on: connection, logger: logger)
        }
        if kinds.contains(.rateLimitStats) {
            try await RateLimitWriter.add(RateLimitFold.fold(fresh), on: connection, logger: logger)
        }
        return fresh.count
    }

    /// Stores the rows in the access log; returns those the aggregates count.
    private func storeAccessLog(
        _ rows: [AccessLogRow], opener: PersonalFieldOpener, on connection: PostgresConnection, logger: Logger
    ) async throws -> [AccessLogRow] {
        var rows = try await opener.withoutErasedSubjects(rows, on: connection, logger: logger)
        let late = try await LateEventCheck.verdict(for: rows, on: connection, logger: logger)
        if !late.retired.isEmpty { rows.removeAll { late.retired.contains($0.eventID) } }
        let inserted = try await AccessLogWriter.insert(rows, on: connection, logger: logger).filter(rows)
        return late.beforeHorizon.isEmpty ? inserted : inserted.filter { !late.beforeHorizon.contains($0.eventID) }
    }

    static func firstOfEachID(_ events: [EventEnvelope]) -> [EventEnvelope] {
        var seen = Set<UUID>(minimumCapacity: events.count)
        return events.filter { seen.insert($0.id).inserted }
    }
}
