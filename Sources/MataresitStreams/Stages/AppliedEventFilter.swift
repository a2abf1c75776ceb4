import Foundation
import Logging
import MataresitCore
import MataresitStore
import PostgresNIO
import Synchronization

/// What the aggregate stages share: a batch's events as access-log rows (without personal data, which no
/// aggregate needs), duplicates within the batch dropped; and, inside the stage transaction, only the rows
/// whose events the stage's ledger had never recorded. Aggregates derived from those count every event once.
final class AppliedEventFilter: Sendable {
    let stage: String
    private let client: PostgresClient
    private let logger: Logger
    private let knownDays = Mutex<Set<String>>([])
    private static let projection = AccessLogProjection { _ in nil }

    init(stage: String, client: PostgresClient, logger: Logger) {
        self.stage = stage
        self.client = client
        self.logger = logger
    }

    /// Outside the transaction: the batch's rows, one per event id, with their ledger partitions in place.
    func prepare(_ events: [EventEnvelope]) async throws -> [AccessLogRow] {
        var seen = Set<UUID>(minimumCapacity: events.count)
        let rows = events.compactMap { event in
            seen.insert(event.id).inserted ? Self.projection.row(for: event) : nil
        }
        try await ensurePartitions(for: rows)
        return rows
    }

    /// Inside the transaction: records the rows' events in the ledger and returns the rows that were new.
    func newRows(_ rows: [AccessLogRow], on connection: PostgresConnection, logger: Logger) async throws
        -> [AccessLogRow]
    {
        let fresh = try await AppliedEventLedger.recordNew(stage: stage, events: rows, on: connection, logger: logger)
        return fresh.count == rows.count ? rows : rows.filter { fresh.contains($0.eventID) }
    }

    private func ensurePartitions(for rows: [AccessLogRow]) async throws {
        let dayNumbers = Set(rows.map { UTCTime.dayNumber(micros: $0.occurredAtMicros) })
        let days = Set(dayNumbers.map(UTCTime.dateText(dayNumber:)))
        let missing = knownDays.withLock { days.subtracting($0) }
        guard !missing.isEmpty else { return }
        try await AppliedEventLedger.ensurePartitions(days: missing, client: client, logger: logger)
        knownDays.withLock { $0.formUnion(missing) }
    }
}
