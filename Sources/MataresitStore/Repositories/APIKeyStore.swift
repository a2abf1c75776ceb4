import Foundation
import Logging
import MataresitCore
import PostgresNIO

/// What the API knows about a presented key once its hash matched a row.
public struct StoredAPIKey: Sendable, Equatable {
    public let id: UUID
    public let userID: UUID
    public let teamID: UUID?
    public let keyHash: String
    public let prefix: String
    public let scopes: [Scope]
    public let isActive: Bool
    public let expiresAt: Date?
    public let tier: Tier
    /// Normalised CIDR blocks the key may be used from; empty: any address.
    public var allowedIPs: [String] = []
}

/// API keys: stored as SHA-256 of the full key plus a 12-character display prefix; never the key itself.
public struct APIKeyStore: Sendable {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// The key whose hash is `hash`, with its owner's tier; nil when none.
    public func find(hash: String) async throws -> StoredAPIKey? {
        do {
            let rows = try await client.query(
                """
                SELECT k.id, k.user_id, k.team_id, k.key_hash, k.key_prefix, k.scopes, k.is_active, k.expires_at,
                       u.subscription_tier, k.allowed_ips
                FROM api_keys k JOIN users u ON u.id = k.user_id
                WHERE k.key_hash = \(hash)
                """, logger: logger)
            for try await row in rows.decode(
                (UUID, UUID, UUID?, String, String, [String], Bool, Date?, String, [String]).self)
            {
                return StoredAPIKey(
                    id: row.0, userID: row.1, teamID: row.2, keyHash: row.3, prefix: row.4,
                    scopes: row.5.compactMap(Scope.init(rawValue:)), isActive: row.6, expiresAt: row.7,
                    tier: Tier(rawValue: row.8) ?? .free, allowedIPs: row.9)
            }
            return nil
        } catch {
            throw StoreError.wrap(error)
        }
    }

    /// Stores a key (its hash and prefix only). Idempotent for the same secret: returns the existing id.
    @discardableResult
    public func create(
        secret: APIKeySecret, userID: UUID, teamID: UUID? = nil, name: String, description: String? = nil,
        scopes: [Scope], expiresAt: Date? = nil, allowedIPs: [String] = []
    ) async throws -> UUID {
        do {
            let scopeNames = scopes.map(\.rawValue)
            let rows = try await client.query(
                """
                INSERT INTO api_keys (user_id, team_id, name, description, key_hash, key_prefix, scopes, expires_at,
                                      created_by, allowed_ips)
                VALUES (\(userID), \(teamID), \(name), \(description), \(secret.hash), \(secret.displayPrefix),
                        \(scopeNames), \(expiresAt), \(userID), \(allowedIPs))
                ON CONFLICT (key_hash) DO UPDATE SET key_hash = EXCLUDED.key_hash
                RETURNING id
                """, logger: logger)
            for try await id in rows.decode(UUID.self) { return id }
            throw StoreError.database(summary: "insert returned no id")
        } catch {
            throw StoreError.wrap(error)
        }
    }
}
