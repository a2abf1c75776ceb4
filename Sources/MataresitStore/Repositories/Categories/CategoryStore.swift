import Foundation
import Logging
import PostgresNIO

/// `custom_categories`: a user's personal categories, or a team's.
public struct CategoryStore: Sendable {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// The team's categories when `teamID` is given (the API checks membership), else the user's personal ones.
    public func list(userID: UUID, teamID: UUID?) async throws -> [CustomCategory] {
        return try await StoreError.wrapping {
            let rows = try await client.query(
                """
                SELECT c.id, c.name, c.color, c.icon, c.created_at, c.updated_at, c.team_id,
                       (SELECT count(*) FROM receipts r WHERE r.custom_category_id = c.id)
                FROM custom_categories c
                WHERE (\(teamID)::uuid IS NULL AND c.team_id IS NULL AND c.user_id = \(userID))
                   OR (\(teamID)::uuid IS NOT NULL AND c.team_id = \(teamID))
                ORDER BY lower(c.name), c.id
                """, logger: logger)
            var categories: [CustomCategory] = []
            for try await row in rows.decode((UUID, String, String?, String?, Date, Date, UUID?, Int).self) {
                categories.append(
                    CustomCategory(
                        id: row.0, name: row.1, color: row.2, icon: row.3, createdAt: row.4, updatedAt: row.5,
                        receiptCount: row.7, teamID: row.6))
            }
            return categories
        }
    }

    /// Whether the user may file receipts under the category: their own, or one of a team they belong to.
    public func isUsable(id: UUID, userID: UUID) async throws -> Bool {
        return try await StoreError.wrapping {
            let rows = try await client.query(
                """
                SELECT EXISTS (
                    SELECT 1 FROM custom_categories c
                    WHERE c.id = \(id)
                      AND ((c.team_id IS NULL AND c.user_id = \(userID))
                           OR c.team_id IN (SELECT team_id FROM team_members WHERE user_id = \(userID))))
                """, logger: logger)
            for try await usable in rows.decode(Bool.self) { return usable }
            return false
        }
    }

    /// Creates a category (used by tests and the CLI; the API has no endpoint that creates one).
    public func create(name: String, userID: UUID, teamID: UUID? = nil, color: String? = nil, icon: String? = nil)
        async throws -> UUID
    {
        return try await StoreError.wrapping {
            let rows = try await client.query(
                """
                INSERT INTO custom_categories (user_id, team_id, name, color, icon)
                VALUES (\(userID), \(teamID), \(name), \(color), \(icon)) RETURNING id
                """, logger: logger)
            for try await id in rows.decode(UUID.self) { return id }
            throw StoreError.database(summary: "insert returned no id")
        }
    }
}
