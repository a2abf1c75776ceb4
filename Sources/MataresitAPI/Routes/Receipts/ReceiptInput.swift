import Foundation
import MataresitStore

/// Validates a create-receipt body (camelCase names, as the existing clients send).
enum ReceiptInput {
    static let statuses: Set<String> = ["unreviewed", "reviewed", "synced", "archived"]
    /// At most this many line items per receipt.
    static let maximumLineItems = 500

    /// Defaults that differ between `POST /receipts` and `POST /receipts/quick`.
    struct Defaults: Sendable {
        /// Today (UTC) when the body has no date; nil makes the date required.
        var date: String?
        var currency: String

        static let standard = Defaults(date: nil, currency: "USD")
        /// The quick-add defaults: today's date (UTC) and MYR.
        static var quick: Defaults { Defaults(date: String(Date().ISO8601Format().prefix(10)), currency: "MYR") }
    }

    static func parse(_ object: [String: JSONValue], defaults: Defaults = .standard) throws -> NewReceipt {
        var fields = FieldReader(object)
        let merchant = fields.string("merchant", required: true, maxLength: 255)
        let date = fields.date("date", required: defaults.date == nil) ?? defaults.date
        let total = fields.amount("total", required: true)
        let tax = fields.amount("tax")
        let currency = fields.currency("currency") ?? defaults.currency
        let paymentMethod = fields.string("paymentMethod", maxLength: 100)
        let category = fields.string("category", maxLength: 100)
        let status = fields.string("status", maxLength: 50) ?? "unreviewed"
        if !statuses.contains(status) {
            fields.fail("status", "status must be one of \(statuses.sorted().joined(separator: ", "))")
        }
        let imageURL = fields.string("imageUrl", maxLength: 2048)
        let fullText = fields.string("fullText", maxLength: 100_000)
        let teamID = fields.uuid("teamId")
        let customCategoryID = fields.uuid("customCategoryId")
        let lineItems = LineItemInput.parse(object["lineItems"], into: &fields)
        guard fields.problems.isEmpty, let merchant, let date, let total else {
            throw APIError.validation(fields.problems)
        }
        return NewReceipt(
            merchant: merchant, date: date, total: total, tax: tax, currency: currency,
            paymentMethod: paymentMethod, status: status, category: category, imageURL: imageURL,
            fullText: fullText, teamID: teamID, customCategoryID: customCategoryID, lineItems: lineItems)
    }
}
