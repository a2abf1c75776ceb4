import MataresitCore

/// The subscription limits of each tier, as `subscription_limits` of the existing service holds them
/// (API.md §4); -1 means unlimited. `maxUsers` and `supportLevel` are not in API.md: ours are stated here.
struct PlanLimits: Encodable, Sendable {
    let monthlyReceipts: Int
    let storageLimitMb: Int
    let retentionDays: Int
    let batchUploadLimit: Int
    let apiAccessEnabled: Bool
    let maxUsers: Int
    let supportLevel: String

    init(_ tier: Tier) {
        switch tier {
        case .free:
            (monthlyReceipts, storageLimitMb, retentionDays, batchUploadLimit) = (50, 1_024, 7, 1)
            (maxUsers, supportLevel) = (1, "community")
        case .pro:
            (monthlyReceipts, storageLimitMb, retentionDays, batchUploadLimit) = (500, 10_240, 90, 5)
            (maxUsers, supportLevel) = (5, "email")
        case .max:
            (monthlyReceipts, storageLimitMb, retentionDays, batchUploadLimit) = (-1, -1, 365, 20)
            (maxUsers, supportLevel) = (-1, "priority")
        }
        apiAccessEnabled = true
    }
}
