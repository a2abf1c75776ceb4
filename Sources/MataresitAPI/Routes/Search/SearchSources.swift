import MataresitCore
import MataresitStore

/// The searchable sources, what each is, and which tiers may search it. The business directory exists in the
/// published API but we have no data behind it, so it is listed as unavailable.
struct SearchSourceInfo: Encodable, Sendable {
    let id: String
    let name: String
    let description: String
    let available: Bool
    let icon: String

    static func all(for tier: Tier) -> [SearchSourceInfo] {
        SearchSource.allCases.map { source in
            let (name, description, icon) = Self.labels(source)
            return SearchSourceInfo(
                id: source.rawValue, name: name, description: description,
                available: isAvailable(source, tier: tier), icon: icon)
        }
    }

    /// Claims and team members need pro or max; custom categories need max; the directory has no data.
    static func isAvailable(_ source: SearchSource, tier: Tier) -> Bool {
        switch source {
        case .receipts: true
        case .claims, .teamMembers: tier != .free
        case .customCategories: tier == .max
        case .businessDirectory: false
        }
    }

    /// What a search covers when the body names no sources.
    static func defaults(for tier: Tier) -> [SearchSource] {
        tier == .free ? [.receipts] : [.receipts, .claims]
    }

    private static func labels(_ source: SearchSource) -> (String, String, String) {
        switch source {
        case .receipts: ("Receipts", "Merchant names and the text of your receipts", "receipt")
        case .claims: ("Claims", "Titles and descriptions of your teams' claims", "file-text")
        case .businessDirectory: ("Business directory", "Not available: no directory data is configured", "building")
        case .teamMembers: ("Team members", "Names and e-mail addresses of your teams' members", "users")
        case .customCategories: ("Custom categories", "Your own and your teams' categories", "tag")
        }
    }
}

/// `GET /search/sources`.
struct SearchSourceList: Encodable {
    let sources: [SearchSourceInfo]
    let tier: String
    let totalAvailable: Int
}
