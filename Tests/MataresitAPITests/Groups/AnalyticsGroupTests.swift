import Foundation
import MataresitCore
import MataresitStore
import Testing

/// `/analytics` in process: the free tier, a missing scope and another team first, then the owner's and a team's
/// totals, then bad queries. Every request names its period (November 2026) so the totals do not depend on today.
@Suite("Analytics group (in process)")
struct AnalyticsGroupTests {
    let api: InProcessAPI
    let owner = UUID(), teammate = UUID(), stranger = UUID()
    let team = UUID(), foreignTeam = UUID()
    let november = "start_date=2026-11-01&end_date=2026-11-30"
    let routes = ["/api/v1/analytics", "/api/v1/analytics/summary", "/api/v1/analytics/categories"]

    init() throws {
        api = try InProcessAPI()
        api.teams.add(owner, to: team, as: .viewer)
        api.teams.add(teammate, to: team, as: .owner)
        api.teams.add(stranger, to: foreignTeam, as: .owner)
    }

    func receipt(
        of user: UUID, _ merchant: String, _ total: Decimal, currency: String = "MYR", category: String? = nil,
        method: String? = nil, date: String = "2026-11-10", team: UUID? = nil
    ) async throws {
        let new = NewReceipt(
            merchant: merchant, date: date, total: total, currency: currency, paymentMethod: method,
            category: category, teamID: team)
        _ = try await api.receipts.create(new, userID: user, monthlyLimit: nil)
    }

    /// The owner's MYR receipts of November (95 in all), one in USD, one in October; the teammate's and the
    /// stranger's receipts, personal and team, in the same period and currency.
    func seed() async throws {
        try await receipt(of: owner, "Grab", 20, category: "Transport", method: "card")
        try await receipt(of: owner, "Grab", 30, category: "Transport", method: "card")
        try await receipt(of: owner, "Tealive", 45, category: "Food", method: "cash")
        try await receipt(of: owner, "Amazon", 99, currency: "USD", category: "Shopping")
        try await receipt(of: owner, "Tealive", 40, category: "Food", date: "2026-10-15")
        try await receipt(of: teammate, "Team lunch", 300, category: "Food", team: team)
        try await receipt(of: stranger, "Stranger spa", 1_000, category: "Wellness")
        try await receipt(of: stranger, "Stranger offsite", 5_000, category: "Travel", team: foreignTeam)
    }

    func summary(_ answer: InProcessAPI.Answer) -> [String: Any] { answer.data["summary"] as? [String: Any] ?? [:] }

    static func number(_ value: Any?) -> Double? { (value as? NSNumber)?.doubleValue }

    /// Five requests: the free tier's burst.
    @Test("the free tier is refused with SUBSCRIPTION_LIMIT_EXCEEDED on every route, 501 stubs included")
    func freeTier() async throws {
        try await seed()
        let free = api.keys.seed(userID: owner, tier: .free, scopes: [.analyticsRead])
        for path in routes + ["/api/v1/analytics/trends"] {
            let answer = try await api.send(.get, path + "?currency=MYR", key: free)
            #expect(answer.status == 403 && answer.errorCode == "SUBSCRIPTION_LIMIT_EXCEEDED", "\(path)")
            #expect(answer.json["message"] as? String == "Analytics features require Pro or Max subscription")
        }
        #expect(try await api.send(.post, "/api/v1/analytics/custom", key: free, json: "{}").status == 403)
    }

    @Test("a pro key without analytics:read is 403 INSUFFICIENT_PERMISSIONS")
    func missingScope() async throws {
        try await seed()
        let narrow = api.keys.seed(userID: owner, scopes: Scope.allButAdmin.filter { $0 != .analyticsRead })
        for path in routes + ["/api/v1/analytics/trends"] {
            let answer = try await api.send(.get, path + "?" + november, key: narrow)
            #expect(answer.status == 403 && answer.errorCode == "INSUFFICIENT_PERMISSIONS", "\(path)")
        }
    }

    @Test("another team's analytics are 403 and show none of its numbers")
    func foreignTeam() async throws {
        try await seed()
        let key = api.keys.seed(userID: owner, scopes: [.analyticsRead])
        for path in routes {
            let answer = try await api.send(.get, "\(path)?team_id=\(foreignTeam.lowercased)&\(november)", key: key)
            #expect(answer.status == 403 && answer.errorCode == "ACCESS_DENIED", "\(path)")
            #expect(!answer.body.contains("5000") && !answer.body.contains("Stranger"))
        }
    }

    @Test("totals, breakdowns and the change cover the caller's own receipts only, in the asked currency")
    func ownTotals() async throws {
        try await seed()
        let key = api.keys.seed(userID: owner, scopes: [.analyticsRead])
        let overview = try await api.send(.get, "/api/v1/analytics?currency=MYR&\(november)", key: key)
        #expect(overview.status == 200)
        let sum = summary(overview)
        #expect(Self.number(sum["totalAmount"]) == 95 && sum["totalReceipts"] as? Int == 3)
        #expect(Self.number(sum["averageAmount"]) == 31.67 && sum["period"] as? String == "2026-11-01 to 2026-11-30")
        let categories = overview.data["categoryBreakdown"] as? [[String: Any]] ?? []
        #expect(categories.compactMap { $0["category"] as? String } == ["Transport", "Food"])
        #expect(categories.compactMap { Self.number($0["percentage"]) } == [52.63, 47.37])
        let merchants = overview.data["topMerchants"] as? [[String: Any]] ?? []
        #expect(merchants.compactMap { $0["merchant"] as? String } == ["Grab", "Tealive"])
        let methods = overview.data["paymentMethods"] as? [[String: Any]] ?? []
        #expect(methods.compactMap { $0["method"] as? String } == ["card", "cash"])
        #expect(!overview.body.contains("Stranger") && !overview.body.contains("Team lunch"))

        let usd = try await api.send(.get, "/api/v1/analytics/spending?\(november)", key: key)
        #expect(Self.number(summary(usd)["totalAmount"]) == 99, "USD by default; unknown sections are the overview")
        let food = try await api.send(
            .get, "/api/v1/analytics/categories?currency=MYR&categories=Food&\(november)", key: key)
        #expect((food.data["categories"] as? [Any])?.count == 1 && food.data["totalReceipts"] as? Int == 1)
        let change = try await api.send(.get, "/api/v1/analytics/summary?currency=MYR&\(november)", key: key)
        let previous = change.data["previousPeriodChange"] as? [String: Any]
        #expect(Self.number(previous?["amount"]) == 55 && Self.number(previous?["percentage"]) == 137.5)

        let theirs = try await api.send(
            .get, "/api/v1/analytics?currency=MYR&\(november)",
            key: api.keys.seed(userID: stranger, scopes: [.analyticsRead]))
        // A user's own analytics select by `user_id`: the receipts they added to a team count too.
        #expect(Self.number(summary(theirs)["totalAmount"]) == 6_000 && !theirs.body.contains("Grab"))
    }

    @Test("a team's analytics, for any member, cover the team's receipts whoever added them")
    func teamTotals() async throws {
        try await seed()
        let key = api.keys.seed(userID: owner, scopes: [.analyticsRead])
        let answer = try await api.send(
            .get, "/api/v1/analytics?currency=MYR&team_id=\(team.lowercased)&\(november)", key: key)
        #expect(answer.status == 200)
        #expect(Self.number(summary(answer)["totalAmount"]) == 300 && summary(answer)["totalReceipts"] as? Int == 1)
        #expect(!answer.body.contains("Grab"))
    }

    @Test("bad queries are 400 and name their field; the stubs are 501 after the checks")
    func badInput() async throws {
        let key = api.keys.seed(userID: owner, scopes: [.analyticsRead])
        let cases: [(String, Set<String>)] = [
            ("start_date=2026-05-01&end_date=2026-04-01", ["start_date"]),
            ("start_date=2024-01-01&end_date=2025-06-01", ["end_date"]),
            ("start_date=2026-02-30", ["start_date"]), ("team_id=nope", ["team_id"]), ("currency=M1R", ["currency"])
        ]
        for (query, fields) in cases {
            let answer = try await api.send(.get, "/api/v1/analytics/summary?\(query)", key: key)
            #expect(answer.status == 400 && answer.invalidFields == fields, "\(query)")
        }
        #expect(try await api.send(.get, "/api/v1/analytics/trends?\(november)", key: key).status == 501)
        #expect(try await api.send(.post, "/api/v1/analytics/custom", key: key, json: "{}").status == 501)
        #expect(try await api.send(.get, "/api/v1/analytics").status == 401)
    }
}
