import Foundation
import MataresitStore

/// Validates a create-receipt body (camelCase names, as the existing clients send).
enum ReceiptInput {
    static let statuses: Set<String> = ["unreviewed", "reviewed", "synced", "archived"]

    static func parse(_ object: [String: JSONValue]) throws -> NewReceipt {
        var fields = FieldReader(object)
        let merchant = fields.string("merchant", required: true, maxLength: 255)
        let date = fields.date("date", required: true)
        let total = fields.amount("total", required: true)
        let tax = fields.amount("tax")
        let currency = fields.string("currency", maxLength: 5) ?? "USD"
        let paymentMethod = fields.string("paymentMethod", maxLength: 100)
        let category = fields.string("category", maxLength: 100)
        let status = fields.string("status", maxLength: 50) ?? "unreviewed"
        if !statuses.contains(status) {
            fields.fail("status", "status must be one of \(statuses.sorted().joined(separator: ", "))")
        }
        let imageURL = fields.string("imageUrl", maxLength: 2048)
        let fullText = fields.string("fullText", maxLength: 100_000)
        let teamID = fields.uuid("teamId")
        guard fields.problems.isEmpty, let merchant, let date, let total else {
            throw APIError.validation(fields.problems)
        }
        return NewReceipt(
            merchant: merchant, date: date, total: total, tax: tax, currency: currency.uppercased(),
            paymentMethod: paymentMethod, status: status, category: category, imageURL: imageURL,
            fullText: fullText, teamID: teamID)
    }
}
