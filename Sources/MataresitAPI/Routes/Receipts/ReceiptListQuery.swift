import Foundation
import Hummingbird
import MataresitCore
import MataresitStore

/// The query of `GET /receipts`: filters, team, whitelisted sort; invalid values are a 400 listing each one.
struct ReceiptListQuery: Sendable {
    var filter: ReceiptFilter
    var teamID: UUID?
    var echo: ReceiptFiltersEcho

    init(_ request: Request, userID: UUID) throws {
        var fields = FieldReader(query: request)
        let teamID = fields.uuid("team_id")
        filter = ReceiptFilter(owner: teamID.map { .team($0) } ?? .user(userID))
        self.teamID = teamID
        filter.startDate = fields.date("start_date")
        filter.endDate = fields.date("end_date")
        filter.merchant = fields.filter("merchant")
        filter.category = fields.filter("category", maxLength: 100)
        filter.status = fields.filter("status", maxLength: 50)
        filter.minAmount = fields.amount("min_amount")
        filter.maxAmount = fields.amount("max_amount")
        filter.currency = fields.filter("currency", maxLength: 5)?.uppercased()
        filter.paymentMethod = fields.filter("payment_method", maxLength: 100)
        if let sortBy = fields.filter("sort_by", maxLength: 40) {
            if let column = ReceiptSortColumn(parameter: sortBy) {
                filter.sortBy = column
            } else {
                let allowed = ReceiptSortColumn.allCases.map(\.rawValue) + ["category"]
                fields.fail("sort_by", "sort_by must be one of \(allowed.joined(separator: ", "))")
            }
        }
        switch fields.filter("sort_order", maxLength: 10)?.lowercased() {
        case nil, "desc": filter.ascending = false
        case "asc": filter.ascending = true
        default: fields.fail("sort_order", "sort_order must be asc or desc")
        }
        Self.checkOrder(filter.startDate, filter.endDate, "start_date", "end_date", &fields)
        if let low = filter.minAmount, let high = filter.maxAmount, low > high {
            fields.fail("min_amount", "min_amount must not exceed max_amount")
        }
        guard fields.problems.isEmpty else { throw APIError.validation(fields.problems) }
        echo = ReceiptFiltersEcho(filter: filter, teamID: teamID)
    }

    /// Reports `low` after `high` (both `YYYY-MM-DD`, so they compare as strings).
    static func checkOrder(
        _ low: String?, _ high: String?, _ lowName: String, _ highName: String,
        _ fields: inout FieldReader
    ) {
        if let low, let high, low > high { fields.fail(lowName, "\(lowName) must not be after \(highName)") }
    }
}

/// The `filters` object echoed with a receipt listing (camelCase, null when not given).
struct ReceiptFiltersEcho: Encodable, Sendable {
    var startDate, endDate, merchant, category, status, currency, paymentMethod, teamId: String?
    var minAmount, maxAmount: Decimal?

    init(filter: ReceiptFilter, teamID: UUID?) {
        startDate = filter.startDate
        endDate = filter.endDate
        merchant = filter.merchant
        category = filter.category
        status = filter.status
        currency = filter.currency
        paymentMethod = filter.paymentMethod
        teamId = teamID?.lowercased
        minAmount = filter.minAmount
        maxAmount = filter.maxAmount
    }

    enum CodingKeys: String, CodingKey {
        case startDate, endDate, merchant, category, status, currency, paymentMethod, teamId, minAmount, maxAmount
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(startDate, forKey: .startDate)
        try container.encode(endDate, forKey: .endDate)
        try container.encode(merchant, forKey: .merchant)
        try container.encode(category, forKey: .category)
        try container.encode(status, forKey: .status)
        try container.encode(minAmount, forKey: .minAmount)
        try container.encode(maxAmount, forKey: .maxAmount)
        try container.encode(currency, forKey: .currency)
        try container.encode(paymentMethod, forKey: .paymentMethod)
        try container.encode(teamId, forKey: .teamId)
    }
}
