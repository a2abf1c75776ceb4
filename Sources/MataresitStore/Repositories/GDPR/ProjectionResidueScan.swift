import Foundation
import Logging
import MataresitCore
import PostgresNIO

/// `mataresit gdpr verify`'s look at Postgres: every table that references users, counted for one user id
/// (anything above zero after an erasure is a finding), the state of the user's data key, and the operator's
/// plaintext probes searched in the free-text columns that could hold them.
public struct ProjectionResidueScan: Sendable {
    public struct Finding: Sendable, Equatable {
        /// `table.column` (or `subject_keys` for a live key).
        public var place: String
        public var rows: Int
    }

    public struct Report: Sendable {
        public var findings: [Finding]
        /// Whether the erasure ledger has an entry for this user.
        public var erasureRecorded: Bool
        /// Access-log rows still attributed to the user id (personal columns empty): kept for everyone's totals.
        public var anonymisedAccessLogRows: Int
        /// `destroyed` (tombstone), `live`, or `never created`.
        public var dataKey: String
    }

    private let client: PostgresClient
    private let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    public func scan(userID: UUID, probes: [String]) async throws -> Report {
        return try await StoreError.wrapping {
            var findings: [Finding] = []
            for (place, query) in Self.references(userID) + Self.probeQueries(probes.filter { !$0.isEmpty }) {
                let rows = try await count(query)
                if rows > 0 { findings.append(Finding(place: place, rows: rows)) }
            }
            let recorded = try await count("SELECT count(*) FROM gdpr_erasures WHERE user_id = \(userID)") > 0
            let kept = try await count("SELECT count(*) FROM api_access_logs WHERE user_id = \(userID)")
            let destroyed = try await count(
                "SELECT count(*) FROM subject_keys WHERE subject = \(Subject.user(userID)) AND wrapped_key IS NULL")
            let live = findings.contains { $0.place == "subject_keys.wrapped_key" }
            return Report(
                findings: findings, erasureRecorded: recorded, anonymisedAccessLogRows: kept,
                dataKey: live ? "live" : destroyed > 0 ? "destroyed" : "never created")
        }
    }

    /// Every column that points at a user, and the user's live data key.
    static func references(_ user: UUID) -> [(String, PostgresQuery)] {
        [
            ("users.id", "SELECT count(*) FROM users WHERE id = \(user)"),
            (
                "subject_keys.wrapped_key",
                "SELECT count(*) FROM subject_keys WHERE subject = \(Subject.user(user)) AND wrapped_key IS NOT NULL"
            ),
            ("api_keys.user_id", "SELECT count(*) FROM api_keys WHERE user_id = \(user) OR created_by = \(user)"),
            ("receipts.user_id", "SELECT count(*) FROM receipts WHERE user_id = \(user)"),
            ("claims.claimant_id", "SELECT count(*) FROM claims WHERE claimant_id = \(user)"),
            (
                "claims.reviewed_by/approved_by",
                "SELECT count(*) FROM claims WHERE reviewed_by = \(user) OR approved_by = \(user)"
            ),
            ("claim_audit_trail.user_id", "SELECT count(*) FROM claim_audit_trail WHERE user_id = \(user)"),
            ("teams.owner_id", "SELECT count(*) FROM teams WHERE owner_id = \(user)"),
            ("team_members.user_id", "SELECT count(*) FROM team_members WHERE user_id = \(user)"),
            ("custom_categories.user_id", "SELECT count(*) FROM custom_categories WHERE user_id = \(user)"),
            (
                "api_access_logs.ip_address/user_agent",
                """
                SELECT count(*) FROM api_access_logs
                WHERE user_id = \(user) AND (ip_address IS NOT NULL OR user_agent IS NOT NULL)
                """
            ),
            (
                "audit_logs.user_id/actor_user_id/target_id",
                """
                SELECT count(*) FROM audit_logs
                WHERE user_id = \(user) OR actor_user_id = \(user) OR target_id = \(user.uuidString.lowercased())
                """
            )
        ]
    }

    /// Free-text columns where a personal value could have been copied.
    static func probeQueries(_ probes: [String]) -> [(String, PostgresQuery)] {
        probes.enumerated().flatMap { index, probe -> [(String, PostgresQuery)] in
            let label = "probe #\(index + 1) in "
            return [
                (label + "users", "SELECT count(*) FROM users WHERE strpos(to_jsonb(users)::text, \(probe)) > 0"),
                (
                    label + "api_access_logs",
                    """
                    SELECT count(*) FROM api_access_logs
                    WHERE strpos(user_agent, \(probe)) > 0 OR strpos(endpoint, \(probe)) > 0
                       OR strpos(host(ip_address), \(probe)) > 0
                    """
                ),
                (label + "audit_logs", "SELECT count(*) FROM audit_logs WHERE strpos(details::text, \(probe)) > 0"),
                (
                    label + "team_members",
                    "SELECT count(*) FROM team_members WHERE strpos(permissions::text, \(probe)) > 0"
                )
            ]
        }
    }

    private func count(_ query: PostgresQuery) async throws -> Int {
        let rows = try await client.query(query, logger: logger)
        for try await value in rows.decode(Int.self) { return value }
        return 0
    }
}
