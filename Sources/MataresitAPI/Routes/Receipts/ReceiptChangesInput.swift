import Foundation
import MataresitStore

/// Validates a `PUT|PATCH /receipts/{id}` body: only the editable fields, each checked like on create.
enum ReceiptChangesInput {
    static let editable: Set<String> = [
        "merchant", "date", "total", "tax", "currency", "paymentMethod", "category", "status", "fullText"
    ]

    static func parse(_ object: [String: JSONValue]) throws -> ReceiptChanges {
        var fields = FieldReader(object)
        var changes = ReceiptChanges()
        if object["merchant"] != nil { changes.merchant = fields.string("merchant", required: true, maxLength: 255) }
        if object["date"] != nil { changes.date = fields.date("date", required: true) }
        if object["total"] != nil { changes.total = fields.amount("total", required: true) }
        switch object["tax"] {
        case nil: break
        case .null?: changes.tax = .some(nil)
        default: changes.tax = fields.amount("tax").map { .some($0) }
        }
        if object["currency"] != nil { changes.currency = fields.currency("currency") }
        changes.paymentMethod = fields.string("paymentMethod", maxLength: 100)
        changes.category = fields.string("category", maxLength: 100)
        changes.status = fields.string("status", maxLength: 50)
        if let status = changes.status, !ReceiptInput.statuses.contains(status) {
            fields.fail("status", "status must be one of \(ReceiptInput.statuses.sorted().joined(separator: ", "))")
        }
        changes.fullText = fields.string("fullText", maxLength: 100_000)
        guard fields.problems.isEmpty else { throw APIError.validation(fields.problems) }
        guard !changes.isEmpty else {
            throw APIError.validation([
                ("body", "Provide at least one of \(editable.sorted().joined(separator: ", "))")
            ])
        }
        return changes
    }
}
