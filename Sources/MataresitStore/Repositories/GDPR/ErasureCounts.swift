/// What one erasure removed, by kind. PII-free: counts only; it is the erasure receipt's body.
public struct ErasureCounts: Sendable, Equatable, Codable {
    /// 1 when the user's data key was destroyed by this erasure.
    public var dataKeysDestroyed = 0
    public var accessLogRowsScrubbed = 0
    public var auditRowsPseudonymised = 0
    public var profiles = 0
    public var apiKeys = 0
    public var receipts = 0
    public var claims = 0
    public var teamMemberships = 0
    /// Teams the user owned together with others: handed to the longest-standing other owner, admin or member.
    public var teamsTransferred = 0
    /// Teams the user owned alone: removed with the account.
    public var teamsDeleted = 0
    public var customCategories = 0

    public init() {}

    enum CodingKeys: String, CodingKey {
        case dataKeysDestroyed = "data_keys_destroyed"
        case accessLogRowsScrubbed = "access_log_rows_scrubbed"
        case auditRowsPseudonymised = "audit_rows_pseudonymised"
        case profiles, receipts, claims
        case apiKeys = "api_keys"
        case teamMemberships = "team_memberships"
        case teamsTransferred = "teams_transferred"
        case teamsDeleted = "teams_deleted"
        case customCategories = "custom_categories"
    }

    /// Name -> count, for the audit receipt's details.
    public var dictionary: [String: Int] {
        [
            "data_keys_destroyed": dataKeysDestroyed, "access_log_rows_scrubbed": accessLogRowsScrubbed,
            "audit_rows_pseudonymised": auditRowsPseudonymised, "profiles": profiles, "api_keys": apiKeys,
            "receipts": receipts, "claims": claims, "team_memberships": teamMemberships,
            "teams_transferred": teamsTransferred, "teams_deleted": teamsDeleted,
            "custom_categories": customCategories
        ]
    }
}
