import Foundation
import Logging
import MataresitCore
import MataresitStore
import PostgresNIO

/// The daily maintenance of the worker (replaces the seed's pg_cron `rotate_expired_api_keys`): deactivates expired
/// keys, flags keys older than `API_KEY_MAX_AGE_DAYS` when `ENABLE_API_KEY_ROTATION`, records both in the audit log
/// and emits `api_key.lifecycle expired` events, then prunes the aggregate stages' event ledger and the ended
/// failed-authentication windows.
public struct KeyExpiryJob: Sendable {
    public struct Settings: Sendable, Equatable {
        /// `ENABLE_API_KEY_ROTATION`: flag keys older than `maxAgeDays`.
        public var flagOldKeys: Bool
        /// `API_KEY_MAX_AGE_DAYS`.
        public var maxAgeDays: Int
        /// Days of `stage_applied_events` kept: the longest retention of a topic plus a margin for spool outages.
        public var ledgerKeepDays: Int

        /// The ledger must outlive every duplicate: the longest topic retention plus `marginDays`.
        public static func ledgerKeepDays(pipeline: PipelineSpec) -> Int { pipeline.eventLedgerKeepDays }
    }

    /// What a run did.
    public struct Report: Sendable, Equatable {
        public var expired: Int
        public var flagged: Int
        public var ledgerPartitionsDropped: Int
    }

    public static let jobName = "key-expiry"
    let client: PostgresClient
    let publisher: (any EventPublishing)?
    let settings: Settings
    let owner: String
    let logger: Logger

    public init(
        client: PostgresClient, publisher: (any EventPublishing)?, settings: Settings, owner: String, logger: Logger
    ) {
        self.client = client
        self.publisher = publisher
        self.settings = settings
        self.owner = owner
        self.logger = logger
    }

    /// Today's run (UTC), unless another worker has it: the claim row of (job, day) is inserted in the run's own
    /// transaction, so a second worker waits on it and then finds it taken; a crashed run leaves no claim.
    public func runDaily(now: Date = Date()) async throws -> Report? {
        try await run(now: now, claimDay: true)
    }

    /// A run now, whether or not today's ran already (`mataresit keys expire`); safe beside a daily run.
    public func runNow(now: Date = Date()) async throws -> Report {
        try await run(now: now, claimDay: false)!
    }

    private func run(now: Date, claimDay: Bool) async throws -> Report? {
        let outcome = try await KeyExpiryStore.run(
            now: now, maxAgeDays: settings.flagOldKeys ? settings.maxAgeDays : nil,
            claim: claimDay ? .init(job: Self.jobName, owner: owner) : nil, client: client, logger: logger)
        guard let outcome else { return nil }
        for key in outcome.expired {
            publisher?.publish(
                KeyExpiryStore.event(for: key, id: KeyExpiryStore.eventID(for: key), now: now, producer: owner))
        }
        let dropped = try await AppliedEventLedger.prune(
            keepDays: settings.ledgerKeepDays, client: client, logger: logger)
        // Failed-authentication windows that ended an hour ago or more hold nothing a lockout still needs.
        try await FailedAuthStore(client: client, logger: logger).prune(
            endedBefore: now.addingTimeInterval(-3600), window: 60)
        // Idle rate-limit cells are the same as no cell.
        try await RateLimitCellStore(client: client, logger: logger).pruneIdle()
        let report = Report(
            expired: outcome.expired.count, flagged: outcome.flagged.count, ledgerPartitionsDropped: dropped)
        logger.info(
            "key-expiry job ran",
            metadata: ["expired": "\(report.expired)", "flagged": "\(report.flagged)", "ledger_dropped": "\(dropped)"])
        return report
    }
}
