import Foundation
import MataresitCore

/// What `GET /me` shows about the caller.
public struct UserProfile: Sendable {
    public var id: UUID
    public var email: String
    public var firstName: String?
    public var lastName: String?
    public var tier: Tier
    public var subscriptionStatus: String
    public var preferredCurrency: String
    public var preferredLanguage: String
    /// Receipts created since the start of the current month (UTC).
    public var receiptsUsedThisMonth: Int

    public init(
        id: UUID, email: String, firstName: String?, lastName: String?, tier: Tier, subscriptionStatus: String,
        preferredCurrency: String, preferredLanguage: String, receiptsUsedThisMonth: Int
    ) {
        self.id = id
        self.email = email
        self.firstName = firstName
        self.lastName = lastName
        self.tier = tier
        self.subscriptionStatus = subscriptionStatus
        self.preferredCurrency = preferredCurrency
        self.preferredLanguage = preferredLanguage
        self.receiptsUsedThisMonth = receiptsUsedThisMonth
    }
}
