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
        return try await StoreError.wrapping {
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
        }
    }

    /// Stores a key (its hash and prefix only). Idempotent for the same secret: returns the existing id.
    @discardableResult
    public func create(
        secret: APIKeySecret, userID: UUID, teamID: UUID? = nil, name: String, description: String? = nil,
        scopes: [Scope], expiresAt: Date? = nil, allowedIPs: [String] = []
    ) async throws -> UUID {
        let insert = Self.insert(secret, userID, teamID, name, description, scopes, expiresAt, allowedIPs)
        return try await StoreError.wrapping { try await Self.id(of: client.query(insert, logger: logger)) }
    }

    /// ``create(secret:userID:teamID:name:description:scopes:expiresAt:allowedIPs:)``, unless the user already
    /// holds `maxActive` keys that authenticate (then nil). Counted and inserted under a lock on the user's row, so
    /// concurrent creates on any instance stop exactly at the cap.
    public func create(
        secret: APIKeySecret, userID: UUID, teamID: UUID? = nil, name: String, description: String? = nil,
        scopes: [Scope], expiresAt: Date? = nil, allowedIPs: [String] = [], maxActive: Int
    ) async throws -> UUID? {
        let insert = Self.insert(secret, userID, teamID, name, description, scopes, expiresAt, allowedIPs)
        return try await StoreError.wrapping {
            try await client.withTransaction(logger: logger) { connection -> UUID? in
                for try await _ in try await connection.query(
                    "SELECT 1 FROM users WHERE id = \(userID) FOR UPDATE", logger: logger)
                {}
                let count = try await connection.query(
                    """
                    SELECT count(*) FROM api_keys
                    WHERE user_id = \(userID) AND is_active AND revoked_at IS NULL
                      AND (expires_at IS NULL OR expires_at > now())
                    """, logger: logger)
                for try await active in count.decode(Int.self) where active >= maxActive { return nil }
                return try await Self.id(of: connection.query(insert, logger: logger))
            }
        }
    }

    private static func insert(
        _ secret: APIKeySecret, _ userID: UUID, _ teamID: UUID?, _ name: String, _ description: String?,
        _ scopes: [Scope], _ expiresAt: Date?, _ allowedIPs: [String]
    ) -> PostgresQuery {
        """
        INSERT INTO api_keys (user_id, team_id, name, description, key_hash, key_prefix, scopes, expires_at,
                              created_by, allowed_ips)
        VALUES (\(userID), \(teamID), \(name), \(description), \(secret.hash), \(secret.displayPrefix),
                \(scopes.map(\.rawValue)), \(expiresAt), \(userID), \(allowedIPs))
        ON CONFLICT (key_hash) DO UPDATE SET key_hash = EXCLUDED.key_hash
        RETURNING id
        """
    }

    private static func id(of rows: PostgresRowSequence) async throws -> UUID {
        for try await id in rows.decode(UUID.self) { return id }
        throw StoreError.database(summary: "insert returned no id")
    }
}
