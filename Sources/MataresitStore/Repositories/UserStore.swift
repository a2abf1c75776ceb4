import Foundation
import Logging
import MataresitCore
import PostgresNIO

/// A user of the API (the existing service's `profiles`).
public struct StoredUser: Sendable, Equatable {
    public let id: UUID
    public let email: String
    public let firstName: String?
    public let lastName: String?
    public let tier: Tier
}

/// Users and teams are managed from the CLI: there is no separate identity provider.
public struct UserStore: Sendable {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// Creates a user, or returns the existing one with the same e-mail (tier unchanged).
    public func createOrFind(email: String, firstName: String? = nil, lastName: String? = nil, tier: Tier)
        async throws -> StoredUser
    {
        return try await StoreError.wrapping {
            try await client.query(
                """
                INSERT INTO users (email, first_name, last_name, subscription_tier)
                VALUES (\(email), \(firstName), \(lastName), \(tier.rawValue))
                ON CONFLICT (email) DO NOTHING
                """, logger: logger)
            guard let user = try await find(email: email) else { throw StoreError.notFound("user") }
            return user
        }
    }

    public func find(email: String) async throws -> StoredUser? {
        try await first(
            client.query(
                "SELECT id, email, first_name, last_name, subscription_tier FROM users WHERE email = \(email)",
                logger: logger))
    }

    /// The user with this e-mail, or `StoreError.notFound` naming it (the CLI takes users by e-mail).
    public func require(email: String) async throws -> StoredUser {
        guard let user = try await find(email: email) else { throw StoreError.notFound("user \(email)") }
        return user
    }

    public func find(id: UUID) async throws -> StoredUser? {
        try await first(
            client.query(
                "SELECT id, email, first_name, last_name, subscription_tier FROM users WHERE id = \(id)",
                logger: logger))
    }

    /// Changes a user's subscription tier.
    public func setTier(userID: UUID, tier: Tier) async throws {
        let rows = try await client.query(
            "UPDATE users SET subscription_tier = \(tier.rawValue), updated_at = now() WHERE id = \(userID) RETURNING id",
            logger: logger)
        for try await _ in rows.decode(UUID.self) { return }
        throw StoreError.notFound("user")
    }

    private func first(_ rows: PostgresRowSequence) async throws -> StoredUser? {
        return try await StoreError.wrapping {
            for try await row in rows.decode((UUID, String, String?, String?, String).self) {
                return StoredUser(
                    id: row.0, email: row.1, firstName: row.2, lastName: row.3, tier: Tier(rawValue: row.4) ?? .free)
            }
            return nil
        }
    }
}
