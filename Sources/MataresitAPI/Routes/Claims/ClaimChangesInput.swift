import Foundation
import MataresitStore

/// Validates a `PUT|PATCH /claims/{id}` body.
enum ClaimChangesInput {
    static let editable = [
        "title", "description", "amount", "currency", "category", "priority", "status", "rejectionReason", "comment"
    ]

    static func parse(_ object: [String: JSONValue]) throws -> ClaimChanges {
        var fields = FieldReader(object)
        var changes = ClaimChanges()
        if object["title"] != nil { changes.title = fields.title("title", required: true) }
        changes.description = Self.nullable("description", object, &fields, maxLength: 10_000)
        if object["amount"] != nil { changes.amount = fields.positiveAmount("amount", required: true) }
        if object["currency"] != nil { changes.currency = fields.currency("currency") }
        changes.category = Self.nullable("category", object, &fields, maxLength: 100)
        changes.priority = fields.choice("priority", ClaimStatusRules.priorities)
        changes.status = fields.choice("status", ClaimStatusRules.statuses)
        changes.rejectionReason = fields.string("rejectionReason", maxLength: 2_000)
        changes.comment = fields.string("comment", maxLength: 2_000)
        guard fields.problems.isEmpty else { throw APIError.validation(fields.problems) }
        guard editable.contains(where: { object[$0] != nil }) else {
            throw APIError.validation([("body", "Provide at least one of \(editable.joined(separator: ", "))")])
        }
        return changes
    }

    /// Absent: unchanged (nil); JSON null: cleared (`.some(nil)`); a string: set.
    static func nullable(_ field: String, _ object: [String: JSONValue], _ fields: inout FieldReader, maxLength: Int)
        -> String??
    {
        switch object[field] {
        case nil: return nil
        case .null?: return .some(nil)
        default: return fields.string(field, maxLength: maxLength).map { .some($0) }
        }
    }
}
