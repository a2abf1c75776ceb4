import Foundation
import Logging
import MataresitCore
import PostgresNIO

/// Destroys the per-day anonymous subjects' data keys once their day is older than the anonymous retention period,
/// so unauthenticated traffic's sealed addresses become unreadable everywhere (Kafka, archive) after it.
public enum AnonymousKeyExpiry {
    /// Default retention of anonymous personal data: the free tier's access-log retention.
    public static let defaultRetentionDays = 7

    /// Destroys the keys of `anon:<day>` subjects whose day is before `today - retentionDays`; returns how many.
    public static func destroyExpired(
        retentionDays: Int = defaultRetentionDays, now: Date = Date(), client: PostgresClient, logger: Logger
    ) async throws -> Int {
        let cutoff = Subject.anonymous(on: now.addingTimeInterval(-Double(retentionDays) * 86_400))
        return try await StoreError.wrapping {
            let rows = try await client.query(
                """
                WITH destroyed AS (
                    UPDATE subject_keys SET wrapped_key = NULL, destroyed_at = now()
                    WHERE subject LIKE 'anon:%' AND subject < \(cutoff) AND wrapped_key IS NOT NULL RETURNING 1)
                SELECT count(*) FROM destroyed
                """, logger: logger)
            for try await count in rows.decode(Int.self) { return count }
            return 0
        }
    }
}
