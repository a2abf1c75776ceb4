/// What a search can look in. Each searchable source has one fixed SQL statement (`SearchStatements`).
public enum SearchSource: String, Sendable, CaseIterable {
    case receipts, claims, businessDirectory = "business_directory", teamMembers = "team_members"
    case customCategories = "custom_categories"
}

/// One match: the row's id and type, a title and content to show, source-specific metadata (JSON text),
/// the `ts_rank` score and up to three highlighted fragments.
public struct SearchHit: Sendable {
    public var id: String
    public var type: SearchSource
    public var title: String
    public var content: String?
    public var metadata: String
    public var rank: Double
    public var highlights: [String]
}

/// The matches of one source, best first, and how many there are in all.
public struct SearchPage: Sendable {
    public var hits: [SearchHit]
    public var total: Int
}
