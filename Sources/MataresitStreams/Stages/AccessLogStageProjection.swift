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
    private let knownDays = Mutex<Set<String>>([])

    public init(client: PostgresClient, subjectKeys: SubjectKeyStore, logger: Logger) {
        self.client = client
        self.subjectKeys = subjectKeys
        self.logger = logger
    }

    public func prepare(_ events: [EventEnvelope]) async throws -> [AccessLogRow] {
        let keys = try await subjectKeys.existingKeys(for: Self.subjects(in: events))
        let projection = AccessLogProjection { sealed in
            keys[sealed.subject].flatMap { try? PersonalDataSealer.open(sealed, key: $0) }
        }
        let rows = events.compactMap(projection.row(for:))
        try await ensurePartitions(for: rows)
        return rows
    }

    public func write(_ rows: [AccessLogRow], on connection: PostgresConnection, logger: Logger) async throws -> Int {
        try await AccessLogWriter.insert(rows, on: connection, logger: logger).count
    }

    private func ensurePartitions(for rows: [AccessLogRow]) async throws {
        let days = Set(rows.map { UTCDay.string(from: $0.timestamp) })
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
