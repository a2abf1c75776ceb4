import Crypto
import Logging
import MataresitCore
import MataresitStore
import PostgresNIO
import Synchronization

/// access-log: `api.request` events into the day-partitioned `api_access_logs`, redacted
/// (sealed fields opened with the subject's key, the IP truncated; an erased subject leaves them empty).
public final class AccessLogStageProjection: StageProjection {
    private let client: PostgresClient
    private let subjectKeys: SubjectKeyStore
    private let logger: Logger
    private let policy: RedactionPolicy
    private let knownDays = Mutex<Set<String>>([])

    public init(
        client: PostgresClient, subjectKeys: SubjectKeyStore, policy: RedactionPolicy = .default, logger: Logger
    ) {
        self.client = client
        self.subjectKeys = subjectKeys
        self.policy = policy
        self.logger = logger
    }

    public func prepare(_ events: [EventEnvelope]) async throws -> [AccessLogRow] {
        let keys = try await subjectKeys.existingKeys(for: Self.subjects(in: events))
        let projection = AccessLogProjection(policy: policy) { sealed in
            keys[sealed.subject].flatMap { try? PersonalDataSealer.open(sealed, key: $0) }
        }
        let rows = events.compactMap(projection.row(for:))
        try await ensurePartitions(for: rows)
        return rows
    }

    public func write(_ rows: [AccessLogRow], on connection: PostgresConnection, logger: Logger) async throws -> Int {
        let safe = try await withoutErasedSubjects(rows, on: connection, logger: logger)
        return try await AccessLogWriter.insert(safe, on: connection, logger: logger)
    }

    /// An erasure may have destroyed a subject's key after `prepare` opened its values (or another process still
    /// caches the key): inside the transaction, with the subjects' key rows share-locked against a concurrent
    /// erasure, rows of destroyed subjects lose their personal fields. An erasure that commits later scrubs them.
    private func withoutErasedSubjects(_ rows: [AccessLogRow], on connection: PostgresConnection, logger: Logger)
        async throws -> [AccessLogRow]
    {
        let personal = rows.filter { $0.ipAddress != nil || $0.userAgent != nil }
        guard !personal.isEmpty else { return rows }
        let destroyed = try await SubjectKeyLocks.destroyedSubjects(
            among: Set(personal.map(Self.subject(of:))), on: connection, logger: logger)
        guard !destroyed.isEmpty else { return rows }
        for subject in destroyed { subjectKeys.evict(subject: subject) }
        return rows.map { row in
            guard destroyed.contains(Self.subject(of: row)) else { return row }
            var scrubbed = row
            scrubbed.ipAddress = nil
            scrubbed.userAgent = nil
            return scrubbed
        }
    }

    /// The subject the API sealed the row's personal fields under.
    static func subject(of row: AccessLogRow) -> String {
        row.userID.map(Subject.user) ?? Subject.anonymous(on: row.timestamp)
    }

    private func ensurePartitions(for rows: [AccessLogRow]) async throws {
        let dayNumbers = Set(rows.map { UTCTime.dayNumber(micros: $0.occurredAtMicros) })
        let days = Set(dayNumbers.map(UTCTime.dateText(dayNumber:)))
        let missing = knownDays.withLock { days.subtracting($0) }
        guard !missing.isEmpty else { return }
        try await AccessLogWriter.ensurePartitions(days: missing, client: client, logger: logger)
        knownDays.withLock { $0.formUnion(missing) }
    }

    static func subjects(in events: [EventEnvelope]) -> Set<String> {
        var subjects: Set<String> = []
        for case .apiRequest(let request) in events.map(\.payload) {
            if let ip = request.clientIP { subjects.insert(ip.subject) }
            if let agent = request.userAgent { subjects.insert(agent.subject) }
        }
        return subjects
    }
}
