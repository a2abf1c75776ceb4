import Foundation
import MataresitAPI
import MataresitCore

@testable import MataresitStore

/// `SearchStore` over the receipts and claims the other twins hold, with `SearchStatements`' visibility: the
/// caller's own receipts (unless one team is asked for) and the receipts and claims of their teams (or of that one
/// team). Matching follows the statements' rules in words, not in Postgres' text search: any query word matches as
/// the start of a document word, every quoted phrase must appear, nothing excluded may. The score is the share of
/// query terms found, not `ts_rank` (SearchRankingTests ranks against Postgres); there is no trigram fuzziness,
/// and team members, categories and the directory have no data here.
final class SearchTwin: SearchRepository {
    private let receipts: ReceiptTwin
    private let claims: ClaimTwin
    private let teams: TeamTwin

    init(receipts: ReceiptTwin, claims: ClaimTwin, teams: TeamTwin) {
        self.receipts = receipts
        self.claims = claims
        self.teams = teams
    }

    func search(_ source: SearchSource, terms: SearchTerms, userID: UUID, teamID: UUID?, limit: Int) async throws
        -> SearchPage
    {
        guard !terms.isEmpty else { return SearchPage(hits: [], total: 0) }
        let visibleTeams = Set(try await teams.teamIDs(userID: userID).filter { teamID == nil || $0 == teamID })
        let hits: [SearchHit]
        switch source {
        case .receipts:
            hits = receipts.all
                .filter { ($0.userID == userID && teamID == nil) || $0.teamID.map(visibleTeams.contains) == true }
                .sorted { ($0.date, $0.createdAt, $1.id.uuidString) > ($1.date, $1.createdAt, $0.id.uuidString) }
                .compactMap { Self.hit($0, terms) }
        case .claims:
            hits = claims.all.filter { visibleTeams.contains($0.teamID) }
                .sorted { ($0.createdAt, $1.id.uuidString) > ($1.createdAt, $0.id.uuidString) }
                .compactMap { Self.hit($0, terms) }
        case .teamMembers, .customCategories, .businessDirectory:
            hits = []
        }
        // A stable sort on the score keeps the statements' tie order (newest first) given above.
        let ranked = hits.enumerated().sorted { ($0.element.rank, -$0.offset) > ($1.element.rank, -$1.offset) }
        return SearchPage(hits: ranked.prefix(limit).map(\.element), total: ranked.count)
    }

    func merchantSuggestions(prefix: String, userID: UUID, limit: Int) async throws -> [String] {
        let teamIDs = Set(try await teams.teamIDs(userID: userID))
        let counts = receipts.all
            .filter { $0.userID == userID || $0.teamID.map(teamIDs.contains) == true }
            .filter { $0.merchant.lowercased().hasPrefix(prefix.lowercased()) }
            .reduce(into: [String: Int]()) { $0[$1.merchant, default: 0] += 1 }
        return counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(limit).map(\.key)
    }

    static func hit(_ receipt: Receipt, _ terms: SearchTerms) -> SearchHit? {
        let document = receipt.merchant + " " + (receipt.fullText ?? "")
        guard let rank = score(document, terms) else { return nil }
        let metadata: JSONValue = .object([
            "date": .string(receipt.date), "total": .number(NSDecimalNumber(decimal: receipt.total).doubleValue),
            "currency": .string(receipt.currency), "category": receipt.category.map(JSONValue.string) ?? .null,
            "teamId": receipt.teamID.map { .string($0.lowercased) } ?? .null
        ])
        return SearchHit(
            id: receipt.id.lowercased, type: .receipts, title: receipt.merchant,
            content: receipt.fullText.map { String($0.prefix(300)) }, metadata: ClaimTwin.text(metadata), rank: rank,
            highlights: [highlighted(document, terms)])
    }

    static func hit(_ claim: Claim, _ terms: SearchTerms) -> SearchHit? {
        let document = claim.title + " " + (claim.description ?? "")
        guard let rank = score(document, terms) else { return nil }
        let metadata: JSONValue = .object([
            "status": .string(claim.status), "amount": .number(NSDecimalNumber(decimal: claim.amount).doubleValue),
            "currency": .string(claim.currency), "priority": .string(claim.priority),
            "teamId": .string(claim.teamID.lowercased)
        ])
        return SearchHit(
            id: claim.id.lowercased, type: .claims, title: claim.title, content: claim.description,
            metadata: ClaimTwin.text(metadata), rank: rank, highlights: [highlighted(document, terms)])
    }

    /// The share of words and phrases the document contains; nil when it does not match at all.
    static func score(_ document: String, _ terms: SearchTerms) -> Double? {
        let tokens = words(document)
        let queryWords = terms.words.map(words).filter { !$0.isEmpty }
        let phrases = terms.phrases.map(words).filter { !$0.isEmpty }
        guard !queryWords.isEmpty || !phrases.isEmpty else { return nil }
        if terms.excluded.map(words).contains(where: { !$0.isEmpty && contains(tokens, phrase: $0) }) { return nil }
        let foundPhrases = phrases.filter { contains(tokens, phrase: $0) }.count
        guard foundPhrases == phrases.count else { return nil }
        let foundWords = queryWords.filter { word in word.allSatisfy { part in tokens.contains { $0.hasPrefix(part) } }
        }
        guard !phrases.isEmpty || !foundWords.isEmpty else { return nil }
        return Double(foundWords.count + foundPhrases) / Double(queryWords.count + phrases.count)
    }

    /// The document with each word that starts with a query word between « and ».
    static func highlighted(_ document: String, _ terms: SearchTerms) -> String {
        let parts = Set((terms.words + terms.phrases).flatMap(words))
        return document.split(separator: " ").map { piece in
            words(String(piece)).contains { token in parts.contains { token.hasPrefix($0) } }
                ? "«\(piece)»" : String(piece)
        }.joined(separator: " ")
    }

    /// Lowercased runs of letters and digits (what the text search parser keeps of a word).
    static func words(_ text: String) -> [String] {
        text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
    }

    static func contains(_ tokens: [String], phrase: [String]) -> Bool {
        guard phrase.count <= tokens.count else { return false }
        return (0...(tokens.count - phrase.count)).contains { Array(tokens[$0..<($0 + phrase.count)]) == phrase }
    }
}
