import Foundation
import Hummingbird
import MataresitStore

/// The query of the spending analytics: `start_date` (default 30 days ago), `end_date` (default today, UTC),
/// `team_id`, `currency` (default USD; it selects rows), `categories` (CSV). At most 365 days.
struct AnalyticsQuery: Sendable {
    static let maximumDays = 365
    var startDate: String
    var endDate: String
    var teamID: UUID?
    var currency: String
    var categories: [String]?

    init(_ request: Request) throws {
        var fields = FieldReader(query: request)
        let today = Date()
        endDate = fields.date("end_date") ?? Self.day(today)
        startDate = fields.date("start_date") ?? Self.day(today.addingTimeInterval(-30 * 86_400))
        teamID = fields.uuid("team_id")
        currency = fields.currency("currency") ?? "USD"
        categories = fields.filter("categories", maxLength: 2_000).map {
            $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        if let start = Self.parse(startDate), let end = Self.parse(endDate) {
            if start > end {
                fields.fail("start_date", "start_date must not be after end_date")
            } else if end.timeIntervalSince(start) > Double(Self.maximumDays) * 86_400 {
                fields.fail("end_date", "The date range must not exceed \(Self.maximumDays) days")
            }
        }
        guard fields.problems.isEmpty else { throw APIError.validation(fields.problems) }
    }

    /// `"start to end"`, as the existing API labels a period.
    var period: String { "\(startDate) to \(endDate)" }

    func filter(userID: UUID) -> SpendingFilter {
        SpendingFilter(
            owner: teamID.map { .team($0) } ?? .user(userID), startDate: startDate, endDate: endDate,
            currency: currency, categories: categories)
    }

    /// The same length of time just before this period (for the change against the previous period).
    func previous(userID: UUID) -> SpendingFilter {
        var filter = filter(userID: userID)
        guard let start = Self.parse(startDate), let end = Self.parse(endDate) else { return filter }
        let length = end.timeIntervalSince(start) + 86_400
        filter.startDate = Self.day(start.addingTimeInterval(-length))
        filter.endDate = Self.day(start.addingTimeInterval(-86_400))
        return filter
    }

    static func day(_ date: Date) -> String { String(date.ISO8601Format().prefix(10)) }

    static func parse(_ day: String) -> Date? {
        try? Date(day + "T00:00:00Z", strategy: .iso8601)
    }
}
