import Foundation
import Hummingbird

/// Query parameters of the usage endpoints: `days` (1...366, default 30) and an ISO-8601 `from`/`to` range
/// (default: the 24 hours before now; at most 31 days). Bad values are 400s with `validationErrors`.
struct UsageQuery: Sendable {
    static let defaultDays = 30
    static let maximumRange: TimeInterval = 31 * 86_400

    var days = defaultDays
    var from: Date
    var to: Date

    init(_ request: Request, now: Date = Date()) throws {
        var problems: [(field: String, message: String)] = []
        let parameters = request.uri.queryParameters
        if let text = parameters["days"] {
            if let value = Int(text), (1...366).contains(value) {
                days = value
            } else {
                problems.append(("days", "days must be an integer from 1 to 366"))
            }
        }
        to = now
        from = now.addingTimeInterval(-86_400)
        for field in ["from", "to"] {
            guard let text = parameters[Substring(field)].map(String.init) else { continue }
            guard let date = Self.parseISO8601(text) else {
                problems.append((field, "\(field) must be an ISO-8601 date or date-time"))
                continue
            }
            if field == "from" { from = date } else { to = date }
        }
        if problems.isEmpty, from >= to { problems.append(("from", "from must be before to")) }
        if problems.isEmpty, to.timeIntervalSince(from) > Self.maximumRange {
            problems.append(("to", "the range from..to must not exceed 31 days"))
        }
        guard problems.isEmpty else { throw APIError.validation(problems) }
    }

    /// `2026-01-01`, `2026-01-01T10:00:00Z`, with fractional seconds or a numeric offset.
    static func parseISO8601(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: .iso8601) { return date }
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) {
            return date
        }
        guard text.count == 10 else { return nil }
        return try? Date(text, strategy: Date.ISO8601FormatStyle().year().month().day())
    }
}
