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
}
