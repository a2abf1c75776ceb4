import Logging
import MataresitCore
import MataresitStore
import PostgresNIO
import Synchronization

/// Creates the day partitions a batch's rows need, outside the stage transaction, remembering the days it made.
final class DayPartitions: Sendable {
    private let create: @Sendable (Set<String>, PostgresClient, Logger) async throws -> Void
    private let knownDays = Mutex<Set<String>>([])

    private init(create: @escaping @Sendable (Set<String>, PostgresClient, Logger) async throws -> Void) {
        self.create = create
    }

    static var accessLog: DayPartitions {
        DayPartitions { try await AccessLogWriter.ensurePartitions(days: $0, client: $1, logger: $2) }
    }
    static var eventLedger: DayPartitions {
        DayPartitions { try await AppliedEventLedger.ensurePartitions(days: $0, client: $1, logger: $2) }
    }

    func ensure(for rows: [AccessLogRow], client: PostgresClient, logger: Logger) async throws {
        let dayNumbers = Set(rows.map { UTCTime.dayNumber(micros: $0.occurredAtMicros) })
        let days = Set(dayNumbers.map(UTCTime.dateText(dayNumber:)))
        let missing = knownDays.withLock { days.subtracting($0) }
        guard !missing.isEmpty else { return }
        try await create(missing, client, logger)
        knownDays.withLock { $0.formUnion(missing) }
    }
}
