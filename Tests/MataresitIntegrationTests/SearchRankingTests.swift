import Foundation
import MataresitCore
@testable import MataresitStore
import PostgresNIO
import Testing

/// Search as people type it: any word ranks a receipt in, partial words, plurals and typos still find it, quotes and
/// `-` keep `websearch_to_tsquery`'s meaning, non-English merchants match, and equal scores list the newest first.
/// Each case names the merchant expected on top (or the exact set expected) for one query over one fixed set.
@Suite("Search ranking")
struct SearchRankingTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let query: String
        let top: String?
        var only: Set<String>? = nil
        var absent: Set<String> = []
        var testDescription: String { "\"\(query)\"" }
    }

    static let receipts: [(merchant: String, text: String, daysAgo: Int)] = [
        ("Starbucks Coffee", "Latte grande", 40),
        ("Starbucks Reserve Roastery", "Cold brew flight", 60),
        ("Shell Petrol Station", "Fuel unleaded 95", 10),
        ("Café Müller", "Kaffee und Kuchen", 9),
        ("Tesco Groceries", "Bananas, apples and coffee beans", 8),
        ("Office Depot", "Printer paper and pens", 7),
        ("すき家 Sukiya", "牛丼 beef bowl", 6),
        ("Grab", "Ride to the airport for a business trip", 5),
        ("Nasi Kandar Pelita", "Teh tarik, roti canai", 4),
        ("Bakery Lane", "Croissant", 3),
        ("Bakery Lane", "Croissant", 1)
    ]

    static let cases: [Case] = [
        Case(query: "coffee expenses", top: "Starbucks Coffee", absent: ["Office Depot"]),
        Case(query: "coffee", top: "Starbucks Coffee"),
        Case(query: "starbuks", top: "Starbucks Coffee"),
        Case(query: "starbucsk cofee", top: "Starbucks Coffee"),
        Case(query: "starb", top: "Starbucks Coffee"),
        Case(query: "petrl", top: "Shell Petrol Station"),
        Case(query: "banana", top: "Tesco Groceries"),
        Case(query: "grocery", top: "Tesco Groceries"),
        Case(query: "printers", top: "Office Depot"),
        Case(query: "cafe", top: "Café Müller"),
        Case(query: "muller", top: "Café Müller"),
        Case(query: "Müller", top: "Café Müller"),
        Case(query: "kaffee", top: "Café Müller"),
        Case(query: "すき家", top: "すき家 Sukiya"),
        Case(query: "roti canai", top: "Nasi Kandar Pelita"),
        Case(query: "business trip airport", top: "Grab"),
        Case(query: "\"starbucks reserve\"", top: nil, only: ["Starbucks Reserve Roastery"]),
        Case(query: "\"reserve starbucks\"", top: nil, only: []),
        Case(query: "starbucks -reserve", top: nil, only: ["Starbucks Coffee"]),
        Case(query: "starbucks -\"cold brew\"", top: nil, only: ["Starbucks Coffee"]),
        Case(query: "coffee or fuel", top: nil, only: ["Starbucks Coffee", "Tesco Groceries", "Shell Petrol Station"]),
        Case(query: "the and of", top: nil, only: []),
        Case(query: "zzzyxnothing", top: nil, only: []),
        Case(query: "bob's secret", top: nil, only: [])
    ]

    @Test("queries find their expected top result", arguments: cases)
    func ranking(_ check: Case) async throws {
        try await Self.withFixture { store, alice in
            let page = try await store.search(
                .receipts, terms: SearchTerms(parsing: check.query), userID: alice, teamID: nil, limit: 20)
            let merchants = page.hits.map(\.title)
            if let top = check.top { #expect(merchants.first == top, "\(merchants)") }
            if let only = check.only { #expect(Set(merchants) == only, "\(merchants)") }
            #expect(Set(merchants).isDisjoint(with: check.absent), "\(merchants)")
            #expect(page.total == page.hits.count)
        }
    }

    @Test("equal scores list the newest first; hostile text is only text")
    func ties() async throws {
        try await Self.withFixture { store, alice in
            let page = try await store.search(
                .receipts, terms: SearchTerms(parsing: "croissant"), userID: alice, teamID: nil, limit: 20)
            #expect(page.hits.count == 2)
            #expect(page.hits.map(\.rank) == [page.hits[0].rank, page.hits[0].rank])
            let dates = page.hits.compactMap { Self.date(in: $0.metadata) }
            #expect(dates.count == 2 && dates[0] > dates[1], "\(dates)")
            let hostile = try await store.search(
                .receipts, terms: SearchTerms(parsing: "'; DROP TABLE receipts; -- !:* & | <-> \\"), userID: alice,
                teamID: nil, limit: 20)
            #expect(hostile.hits.isEmpty)
            let highlighted = try await store.search(
                .receipts, terms: SearchTerms(parsing: "latte"), userID: alice, teamID: nil, limit: 1)
            #expect(highlighted.hits.first?.highlights.first?.contains("«Latte»") == true)
        }
    }

    /// Alice's receipts, and bob's that mention "bob's secret" and Starbucks; `body` gets a store and alice's id.
    static func withFixture(_ body: (SearchStore, UUID) async throws -> Void) async throws {
        try await TestDatabase.with { database in
            let users = UserStore(client: database.client, logger: database.logger)
            let alice = try await users.createOrFind(email: "alice-search@example.test", tier: .pro).id
            let bob = try await users.createOrFind(email: "bob-search@example.test", tier: .pro).id
            for receipt in receipts {
                try await insert(receipt.merchant, receipt.text, daysAgo: receipt.daysAgo, user: alice, database)
            }
            try await insert("Starbucks Coffee", "bob's secret latte", daysAgo: 0, user: bob, database)
            try await body(SearchStore(client: database.client, logger: database.logger), alice)
        }
    }

    static func insert(_ merchant: String, _ text: String, daysAgo: Int, user: UUID, _ database: TestDatabase)
        async throws
    {
        try await database.client.query(
            """
            INSERT INTO receipts (user_id, merchant, date, total, full_text, created_at)
            VALUES (\(user), \(merchant), current_date - \(daysAgo)::int, 10, \(text), now() - \(daysAgo)::int * interval '1 day')
            """, logger: database.logger)
    }

    static func date(in metadata: String) -> String? {
        let object = try? JSONSerialization.jsonObject(with: Data(metadata.utf8)) as? [String: Any]
        return object?["date"] as? String
    }
}
