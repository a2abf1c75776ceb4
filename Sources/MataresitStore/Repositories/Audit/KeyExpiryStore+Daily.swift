import Foundation
import Logging
import PostgresNIO

extension KeyExpiryStore {
    /// Who claims a day's run: the job's name and the claiming worker.
    public struct DailyClaim: Sendable {
        public var job: String
        public var owner: String

        public init(job: String, owner: String) {
            self.job = job
            self.owner = owner
        }
    }

    /// ``run(now:maxAgeDays:on:logger:)`` in a transaction of its own. With `claim`, only when no run of that job
    /// claimed today (UTC) before: the claim row is inserted in the same transaction, so a second worker waits on
    /// it and then finds the day taken (nil), and a crashed run leaves no claim.
    public static func run(
        now: Date, maxAgeDays: Int?, claim: DailyClaim?, client: PostgresClient, logger: Logger
    ) async throws -> KeyExpiryOutcome? {
        try await StoreError.wrapping {
            try await client.withTransaction(logger: logger) { connection in
                if let claim, try await !claimDay(now, claim, on: connection, logger: logger) { return nil }
                return try await run(now: now, maxAgeDays: maxAgeDays, on: connection, logger: logger)
            }
        }
    }

    private static func claimDay(_ day: Date, _ claim: DailyClaim, on connection: PostgresConnection, logger: Logger)
        async throws -> Bool
    {
        let rows = try await connection.query(
            """
            INSERT INTO maintenance_runs (job, day, owner)
            VALUES (\(claim.job), (\(day) AT TIME ZONE 'UTC')::date, \(claim.owner))
            ON CONFLICT (job, day) DO NOTHING RETURNING 1
            """, logger: logger)
        for try await _ in rows { return true }
        return false
    }
}
