import Foundation
import MataresitCore
import MataresitStore

/// A user with a team and API keys, created directly in the store.
struct TestTenant {
    let user: StoredUser
    let teamID: UUID
    let key: APIKeySecret

    static func create(
        in database: TestDatabase, tier: Tier = .pro, scopes: [Scope] = Scope.allButAdmin
    ) async throws -> TestTenant {
        let tag = UUID().uuidString.prefix(8).lowercased()
        let user = try await UserStore(client: database.client, logger: database.logger)
            .createOrFind(email: "user-\(tag)@example.test", tier: tier)
        let teamID = try await TeamStore(client: database.client, logger: database.logger)
            .createOrFind(name: "Team \(tag)", slug: "team-\(tag)", ownerID: user.id)
        let key = APIKeySecret.generate(mode: .test)
        try await APIKeyStore(client: database.client, logger: database.logger)
            .create(secret: key, userID: user.id, teamID: teamID, name: "test key", scopes: scopes)
        return TestTenant(user: user, teamID: teamID, key: key)
    }

    /// Another key of the same user, expired an hour ago.
    func expiredKey(in database: TestDatabase) async throws -> APIKeySecret {
        let key = APIKeySecret.generate(mode: .test)
        try await database.client.query(
            """
            INSERT INTO api_keys (user_id, name, key_hash, key_prefix, scopes, created_at, expires_at)
            VALUES (\(user.id), 'expired key', \(key.hash), \(key.displayPrefix), \(["receipts:read"]),
                    now() - interval '2 days', now() - interval '1 hour')
            """, logger: database.logger)
        return key
    }
}
