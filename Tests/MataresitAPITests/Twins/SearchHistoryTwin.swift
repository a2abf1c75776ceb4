import Foundation
import MataresitAPI
import Synchronization

@testable import MataresitStore

/// `search_history` in memory, with `SearchHistoryStore`'s semantics: newest first, and only each user's newest
/// `SearchHistoryStore.kept` searches are kept.
final class SearchHistoryTwin: SearchHistoryRepository {
    private struct Row {
        var userID: UUID
        var search: RecentSearch
    }

    /// Oldest first: the position is the table's serial id.
    private let rows = Mutex<[Row]>([])

    /// Every user's searches as stored, oldest first.
    var all: [(userID: UUID, search: RecentSearch)] { rows.withLock { $0.map { ($0.userID, $0.search) } } }

    func record(userID: UUID, query: String, sources: [String], teamID: UUID?) async throws {
        let search = RecentSearch(query: query, sources: sources, teamID: teamID, searchedAt: Date())
        rows.withLock { rows in
            rows.append(Row(userID: userID, search: search))
            let theirs = rows.indices.filter { rows[$0].userID == userID }
            let dropped = Set(theirs.dropLast(SearchHistoryStore.kept))
            rows = rows.enumerated().filter { !dropped.contains($0.offset) }.map(\.element)
        }
    }

    func recent(userID: UUID, limit: Int) async throws -> [RecentSearch] {
        rows.withLock { $0.filter { $0.userID == userID }.reversed().prefix(limit).map(\.search) }
    }
}
