import Foundation
import Hummingbird
import MataresitCore
import MataresitStore

/// The query of `GET /claims`: filters, optional team, whitelisted sort.
struct ClaimListQuery: Sendable {
    var filter: ClaimFilter
    var teamID: UUID?
    var echo: [String: String?]

    init(_ request: Request) throws {
        var fields = FieldReader(query: request)
        teamID = fields.uuid("team_id")
        filter = ClaimFilter(teamIDs: [])
        filter.status = fields.filter("status", maxLength: 50)
        filter.priority = fields.filter("priority", maxLength: 50)
        filter.category = fields.filter("category", maxLength: 100)
        filter.minAmount = fields.amount("min_amount", maximum: 9_999_999_999.99)
        filter.maxAmount = fields.amount("max_amount", maximum: 9_999_999_999.99)
        filter.currency = fields.filter("currency", maxLength: 5)?.uppercased()
        filter.claimantID = fields.uuid("claimant_id")
        filter.startDate = fields.date("start_date")
        filter.endDate = fields.date("end_date")
        if let sortBy = fields.filter("sort_by", maxLength: 40) {
            if let column = ClaimSortColumn(rawValue: sortBy) {
                filter.sortBy = column
            } else {
                fields.fail(
                    "sort_by",
                    "sort_by must be one of \(ClaimSortColumn.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }
        switch fields.filter("sort_order", maxLength: 10)?.lowercased() {
        case nil, "desc": filter.ascending = false
        case "asc": filter.ascending = true
        default: fields.fail("sort_order", "sort_order must be asc or desc")
        }
        ReceiptListQuery.checkOrder(filter.startDate, filter.endDate, "start_date", "end_date", &fields)
        guard fields.problems.isEmpty else { throw APIError.validation(fields.problems) }
        echo = [
            "status": filter.status, "priority": filter.priority, "category": filter.category,
            "minAmount": filter.minAmount.map { "\($0)" }, "maxAmount": filter.maxAmount.map { "\($0)" },
            "currency": filter.currency, "claimantId": filter.claimantID?.lowercased, "teamId": teamID?.lowercased,
            "startDate": filter.startDate, "endDate": filter.endDate
        ]
    }
}
