import Foundation
import Logging
import MataresitCore
import MataresitStore
import PostgresNIO

/// Turns request events into access-log rows under the redaction policy, opening sealed personal fields with their
/// subjects' keys (looked up once per batch) only when the policy stores them; an erased subject's fields stay empty.
struct PersonalFieldOpener: Sendable {
    let subjectKeys: SubjectKeyStore
    let policy: RedactionPolicy

    /// Rows without personal fields (what the aggregates read).
    static let anonymous = AccessLogProjection { _ in nil }

    /// Whether the policy stores any opened value (else no key is looked up).
    var storesPersonalFields: Bool {
        policy.action(for: .clientIP, in: .accessLog) != .drop
            || policy.action(for: .userAgent, in: .accessLog) != .drop
    }

    /// The rows, and the subjects whose keys opened their personal fields (none when the policy stores none).
    func rows(for events: [EventEnvelope]) async throws -> (rows: [AccessLogRow], subjects: Set<String>) {
        guard storesPersonalFields else { return (events.compactMap(Self.anonymous.row(for:)), []) }
        let keys = try await subjectKeys.existingKeys(for: Self.subjects(in: events))
        let projection = AccessLogProjection(policy: policy) { sealed in
            keys[sealed.subject].flatMap { try? PersonalDataSealer.open(sealed, key: $0) }
        }
        return (events.compactMap(projection.row(for:)), Set(keys.keys))
    }

    /// An erasure may have destroyed a subject's key after `rows(for:)` opened its values (or another process still
    /// caches the key): inside the transaction, with the subjects' key rows share-locked against a concurrent
    /// erasure, rows of destroyed subjects lose their personal fields (returned; nil when no subject was destroyed).
    /// An erasure that commits later scrubs them.
    func scrubbingErasedSubjects(
        _ rows: [AccessLogRow], subjects: Set<String>, on connection: PostgresConnection, logger: Logger
    ) async throws -> [AccessLogRow]? {
        guard !subjects.isEmpty else { return nil }
        let destroyed = try await SubjectKeyLocks.destroyedSubjects(among: subjects, on: connection, logger: logger)
        guard !destroyed.isEmpty else { return nil }
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

    static func subjects(in events: [EventEnvelope]) -> Set<String> {
        var subjects: Set<String> = []
        for case .apiRequest(let request) in events.map(\.payload) {
            if let ip = request.clientIP { subjects.insert(ip.subject) }
            if let agent = request.userAgent { subjects.insert(agent.subject) }
        }
        return subjects
    }
}
