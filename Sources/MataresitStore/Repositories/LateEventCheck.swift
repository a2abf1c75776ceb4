import Foundation
import Logging
import MataresitCore
import PostgresNIO

/// When aggregates share a stage with the access log, the access log's primary key is their duplicate filter; it
/// tells a duplicate from a new event only while the original row is still there. Retention deletes rows, and
/// records the ids it deletes (as long as the ledger keeps their day) under ``retiredStage`` in
/// `stage_applied_events`. A duplicate of a deleted event is left out; an event of a day before the ledger's horizon
/// is stored but not counted, as with a stage's own ledger (a duplicate of it could no longer be told apart).
/// Only rows more than ``lateAfterMicros`` old are checked: retention never deletes younger ones.
public enum LateEventCheck {
    public static let retiredStage = "access-log:retired"
    public static let lateAfterMicros: Int64 = 86_400_000_000

    public struct Verdict: Sendable, Equatable {
        /// Events whose original retention deleted: neither stored again nor counted.
        public var retired: Set<UUID> = []
        /// Events of days before the ledger horizon: stored, not counted.
        public var beforeHorizon: Set<UUID> = []

        public var isEmpty: Bool { retired.isEmpty && beforeHorizon.isEmpty }
    }

    public static func verdict(
        for rows: [AccessLogRow], now: Date = Date(), on connection: PostgresConnection, logger: Logger
    ) async throws -> Verdict {
        let lateBefore = now.microsecondsSince1970 - lateAfterMicros
        let late = rows.filter { $0.occurredAtMicros < lateBefore }
        guard !late.isEmpty else { return Verdict() }
        let ids = late.map(\.eventID)
        let days = late.map { Int32(UTCTime.dayNumber(micros: $0.occurredAtMicros)) }
        let found = try await connection.query(
            """
            SELECT e.id, DATE '1970-01-01' + e.day < h.pruned_before
            FROM unnest(\(ids)::uuid[], \(days)::int[]) AS e(id, day), stage_dedupe_horizon h
            WHERE DATE '1970-01-01' + e.day < h.pruned_before
               OR EXISTS (SELECT 1 FROM stage_applied_events s
                          WHERE s.stage = \(retiredStage) AND s.event_id = e.id AND s.day = DATE '1970-01-01' + e.day)
            """, logger: logger)
        var verdict = Verdict()
        for try await (id, beforeHorizon) in found.decode((UUID, Bool).self) {
            if beforeHorizon { verdict.beforeHorizon.insert(id) } else { verdict.retired.insert(id) }
        }
        return verdict
    }
}
