import Foundation
import MataresitCore
import PostgresNIO

extension UserStore {
    /// The user's profile with this month's receipt count, or nil.
    public func profile(userID: UUID) async throws -> UserProfile? {
        return try await StoreError.wrapping {
            let rows = try await client.query(
                """
                SELECT u.id, u.email, u.first_name, u.last_name, u.subscription_tier, u.subscription_status,
                       u.preferred_currency, u.preferred_language,
                       (SELECT count(*) FROM receipts r
                        WHERE r.user_id = u.id AND r.created_at >= date_trunc('month', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC')
                FROM users u WHERE u.id = \(userID)
                """, logger: logger)
            for try await row in rows.decode((UUID, String, String?, String?, String, String, String, String, Int).self)
            {
                return UserProfile(
                    id: row.0, email: row.1, firstName: row.2, lastName: row.3, tier: Tier(rawValue: row.4) ?? .free,
                    subscriptionStatus: row.5, preferredCurrency: row.6, preferredLanguage: row.7,
                    receiptsUsedThisMonth: row.8)
            }
            return nil
        }
    }
}
