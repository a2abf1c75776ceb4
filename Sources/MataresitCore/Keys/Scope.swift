/// The 13 API scopes of the existing service (`api_scope` enum). `admin:all` passes every check.
public enum Scope: String, Sendable, CaseIterable, Codable {
    case receiptsRead = "receipts:read", receiptsWrite = "receipts:write", receiptsDelete = "receipts:delete"
    case claimsRead = "claims:read", claimsWrite = "claims:write", claimsDelete = "claims:delete"
    case profileRead = "profile:read", categoriesRead = "categories:read", gamificationRead = "gamification:read"
    case searchRead = "search:read", analyticsRead = "analytics:read", teamsRead = "teams:read"
    case adminAll = "admin:all"

    /// The `read` preset: every `*:read` scope.
    public static let readPreset: [Scope] = allCases.filter { $0.rawValue.hasSuffix(":read") }
    /// The `write` preset: read plus receipts and claims write.
    public static let writePreset: [Scope] = readPreset + [.receiptsWrite, .claimsWrite]
    /// Every scope except `admin:all`.
    public static let allButAdmin: [Scope] = allCases.filter { $0 != .adminAll }

    /// Whether a key holding `granted` may use an endpoint requiring `self`.
    public func isSatisfied(by granted: some Sequence<Scope>) -> Bool {
        granted.contains { $0 == self || $0 == .adminAll }
    }
}

/// Subscription tiers.
public enum Tier: String, Sendable, CaseIterable, Codable {
    case free, pro, max
}
