import Foundation
import Logging
import MataresitCore
import MataresitStore
import PostgresNIO
import Synchronization

/// erasure: `gdpr.erasure_requested` events from `audit.events.v1` carried out exactly once, in the stage
/// transaction: the user's data key destroyed, projections scrubbed, their account removed, and a PII-free
/// receipt appended to the audit log (see `ErasureStore`). Also, at most hourly, destroys the anonymous subjects'
/// keys past the anonymous retention period.
public final class ErasureStageProjection: EventProjection {
    public struct Pending: Sendable {
        let request: ErasureRequested
        let requestedAt: Date
    }

    private let client: PostgresClient
    private let subjectKeys: SubjectKeyStore
    private let anonymousRetentionDays: Int
    private let logger: Logger
    private let lastAnonymousSweep = Mutex<Date?>(nil)

    public init(
        client: PostgresClient, subjectKeys: SubjectKeyStore,
        anonymousRetentionDays: Int = AnonymousKeyExpiry.defaultRetentionDays, logger: Logger
    ) {
        self.client = client
        self.subjectKeys = subjectKeys
        self.anonymousRetentionDays = anonymousRetentionDays
        self.logger = logger
    }

    public func prepare(_ events: [EventEnvelope]) async throws -> [Pending] {
        try await sweepAnonymousKeysIfDue()
        return events.compactMap { event in
            guard case .erasureRequested(let request) = event.payload else { return nil }
            return Pending(request: request, requestedAt: event.occurredAt)
        }
    }

    public func write(_ pending: [Pending], on connection: PostgresConnection, logger: Logger) async throws -> Int {
        var applied = 0
        for item in pending {
            // The key goes from this process's cache first: a rollback only costs a reload.
            subjectKeys.evict(subject: Subject.user(item.request.userID))
            guard
                let counts = try await ErasureStore.erase(
                    item.request, requestedAt: item.requestedAt, on: connection, logger: logger)
            else { continue }
            applied += 1
            logger.info(
                "erasure applied",
                metadata: [
                    "erasure_id": "\(item.request.erasureID.lowercased)",
                    "access_log_rows_scrubbed": "\(counts.accessLogRowsScrubbed)", "receipts": "\(counts.receipts)"
                ])
        }
        return applied
    }

    private func sweepAnonymousKeysIfDue() async throws {
        let now = Date()
        let due = lastAnonymousSweep.withLock { last in
            guard last.map({ now.timeIntervalSince($0) >= 3600 }) ?? true else { return false }
            last = now
            return true
        }
        guard due else { return }
        let destroyed = try await AnonymousKeyExpiry.destroyExpired(
            retentionDays: anonymousRetentionDays, now: now, client: client, logger: logger)
        if destroyed > 0 { logger.info("anonymous data keys destroyed", metadata: ["count": "\(destroyed)"]) }
    }
}
