import Foundation
import Logging
import PostgresNIO

/// Right of access: everything the database holds about one user, as one JSON document (profile, API keys without
/// their hashes, receipts with line items and processing logs, claims, teams, custom categories, usage, the
/// access-log rows of their keys, their audit entries and whether their data key still exists).
/// Each section is built by Postgres (`jsonb_agg`), so column names are the tables' own snake_case names.
public struct PersonalDataExport: Sendable {
    private let client: PostgresClient
    private let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// The document, or nil when no such user exists. `accessLogLimit` bounds the access-log section (newest first).
    public func document(userID: UUID, accessLogLimit: Int = 100_000) async throws -> String? {
        return try await StoreError.wrapping {
            guard let profile = try await json(Self.profile(userID)), profile != "null" else { return nil }
            var sections: [(String, String)] = [("profile", profile)]
            for (name, query) in Self.sections(userID, accessLogLimit: accessLogLimit) {
                sections.append((name, try await json(query) ?? "null"))
            }
            let generated = ISO8601DateFormatter().string(from: Date())
            let body = sections.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ",\n  ")
            return "{\n  \"user_id\": \"\(userID.uuidString.lowercased())\",\n  \"generated_at\": \"\(generated)\",\n  "
                + body + "\n}"
        }
    }

    private func json(_ query: PostgresQuery) async throws -> String? {
        let rows = try await client.query(query, logger: logger)
        for try await text in rows.decode(String?.self) { return text }
        return nil
    }

    static func profile(_ user: UUID) -> PostgresQuery {
        "SELECT to_jsonb(u)::text FROM users u WHERE u.id = \(user)"
    }

    static func sections(_ user: UUID, accessLogLimit: Int) -> [(String, PostgresQuery)] {
        [
            (
                "api_keys",
                aggregate(
                    "SELECT to_jsonb(k) - 'key_hash' AS j, k.created_at AS o FROM api_keys k WHERE k.user_id = \(user)")
            ),
            (
                "receipts",
                aggregate(
                    """
                    SELECT to_jsonb(r) || jsonb_build_object(
                        'line_items', (SELECT COALESCE(jsonb_agg(to_jsonb(li) ORDER BY li.position), '[]')
                                       FROM line_items li WHERE li.receipt_id = r.id),
                        'processing_logs', (SELECT COALESCE(jsonb_agg(to_jsonb(pl) ORDER BY pl.created_at), '[]')
                                            FROM processing_logs pl WHERE pl.receipt_id = r.id)) AS j,
                        r.created_at AS o
                    FROM receipts r WHERE r.user_id = \(user)
                    """)
            ),
            (
                "claims",
                aggregate("SELECT to_jsonb(c) AS j, c.created_at AS o FROM claims c WHERE c.claimant_id = \(user)")
            ),
            (
                "claim_audit_trail",
                aggregate(
                    "SELECT to_jsonb(a) AS j, a.created_at AS o FROM claim_audit_trail a WHERE a.user_id = \(user)")
            ),
            (
                "teams",
                aggregate(
                    """
                    SELECT jsonb_build_object('team_id', t.id, 'name', t.name, 'role', m.role, 'joined_at', m.joined_at,
                                              'is_owner', t.owner_id = m.user_id) AS j, m.joined_at AS o
                    FROM team_members m JOIN teams t ON t.id = m.team_id WHERE m.user_id = \(user)
                    """)
            ),
            (
                "custom_categories",
                aggregate(
                    "SELECT to_jsonb(c) AS j, c.created_at AS o FROM custom_categories c WHERE c.user_id = \(user)")
            ),
            (
                "search_history",
                aggregate(
                    "SELECT to_jsonb(h) AS j, h.searched_at AS o FROM search_history h WHERE h.user_id = \(user)")
            ),
            (
                "usage",
                aggregate(
                    """
                    SELECT to_jsonb(u) - 'latency_histogram' AS j, u.updated_at AS o
                    FROM api_key_usage u JOIN api_keys k ON k.id = u.api_key_id WHERE k.user_id = \(user)
                    """)
            ),
            (
                "usage_daily",
                aggregate(
                    """
                    SELECT to_jsonb(u) - 'latency_histogram' AS j, u.day::timestamptz AS o
                    FROM api_key_usage_daily u JOIN api_keys k ON k.id = u.api_key_id WHERE k.user_id = \(user)
                    """)
            ),
            (
                "access_logs",
                aggregate(
                    """
                    SELECT to_jsonb(l) AS j, l."timestamp" AS o FROM api_access_logs l WHERE l.user_id = \(user)
                    ORDER BY l."timestamp" DESC LIMIT \(accessLogLimit)
                    """)
            ),
            (
                "audit_logs",
                aggregate(
                    """
                    SELECT jsonb_build_object('event_type', a.event_type, 'action', a.action, 'api_key_id', a.api_key_id,
                                              'details', a.details, 'timestamp', a."timestamp") AS j, a."timestamp" AS o
                    FROM audit_logs a WHERE a.user_id = \(user) OR a.actor_user_id = \(user)
                    """)
            ),
            ("data_key", dataKey(user))
        ]
    }

    /// Wraps a `SELECT j, o ...` (row JSON, ordering column) into one JSON array, oldest first.
    static func aggregate(_ inner: PostgresQuery) -> PostgresQuery {
        var query = inner
        query.sql = "SELECT COALESCE(jsonb_agg(s.j ORDER BY s.o), '[]')::text FROM (\(inner.sql)) s"
        return query
    }

    static func dataKey(_ user: UUID) -> PostgresQuery {
        """
        SELECT jsonb_build_object('subject', k.subject, 'created_at', k.created_at, 'destroyed_at', k.destroyed_at,
                                  'exists', k.wrapped_key IS NOT NULL)::text
        FROM subject_keys k WHERE k.subject = 'user:' || \(user.uuidString.lowercased())
        """
    }
}
