import Foundation
import Logging
import MataresitCore
import MataresitStore
import NIOCore
import PostgresNIO

/// The request projections a stage hosts (any of access log, usage summary, rate-limit statistics) over one batch:
/// the events are decoded once, turned into rows once (personal fields opened only when the access log stores
/// them), and written in the stage's one transaction.
///
/// Each event counts once. With the access log hosted, its primary key on the event id is the duplicate filter:
/// the aggregates fold only the rows the insert added (see ``LateEventCheck`` for rows retention deleted). Without
/// it, the stage's event ledger (`stage_applied_events`) records which events it applied.
public final class RequestStageProjection: EventProjection {
    /// A batch made ready outside the transaction: rows, the subjects whose sealed fields they opened, and (with
    /// the access log hosted) the rows in COPY text, so the transaction only sends them.
    public struct Prepared: Sendable {
        public internal(set) var rows: [AccessLogRow]
        var subjects: Set<String>
        var copyText: ByteBuffer?
    }

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
    public func prepare(_ events: [EventEnvelope]) async throws -> Prepared {
        let unique = Self.firstOfEachID(events)
        guard let personalFields else {
            let rows = unique.compactMap(PersonalFieldOpener.anonymous.row(for:))
            try await partitions.ensure(for: rows, client: client, logger: logger)
            return Prepared(rows: rows, subjects: [], copyText: nil)
        }
        let (rows, subjects) = try await personalFields.rows(for: unique)
        try await partitions.ensure(for: rows, client: client, logger: logger)
        return Prepared(rows: rows, subjects: subjects, copyText: AccessLogWriter.format(rows))
    }

    /// Inside the transaction: the rows the projections have not seen, stored and folded. Returns rows stored
    /// (the access log's) or counted (an aggregate's).
    public func write(_ prepared: Prepared, on connection: PostgresConnection, logger: Logger) async throws -> Int {
        let rows = prepared.rows
        let fresh: [AccessLogRow]
        if let personalFields {
            fresh = try await storeAccessLog(prepared, opener: personalFields, on: connection, logger: logger)
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

    /// Stores the rows in the access log; returns those the aggregates count. The prepared COPY text is sent as it
    /// is unless a row changed here (an erasure since `prepare`, a duplicate of a deleted row).
    private func storeAccessLog(
        _ prepared: Prepared, opener: PersonalFieldOpener, on connection: PostgresConnection, logger: Logger
    ) async throws -> [AccessLogRow] {
        var (rows, copyText) = (prepared.rows, prepared.copyText)
        if let scrubbed = try await opener.scrubbingErasedSubjects(
            rows, subjects: prepared.subjects, on: connection, logger: logger)
        {
            (rows, copyText) = (scrubbed, nil)
        }
        let late = try await LateEventCheck.verdict(for: rows, on: connection, logger: logger)
        if !late.retired.isEmpty {
            rows.removeAll { late.retired.contains($0.eventID) }
            copyText = nil
        }
        let inserted = try await AccessLogWriter.insert(rows, copyText: copyText, on: connection, logger: logger)
            .filter(rows)
        return late.beforeHorizon.isEmpty ? inserted : inserted.filter { !late.beforeHorizon.contains($0.eventID) }
    }

    static func firstOfEachID(_ events: [EventEnvelope]) -> [EventEnvelope] {
        var seen = Set<UUID>(minimumCapacity: events.count)
        return events.filter { seen.insert($0.id).inserted }
    }
}
