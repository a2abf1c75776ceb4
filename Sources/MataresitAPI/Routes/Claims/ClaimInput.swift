import Foundation
import MataresitStore

/// Validates a `POST /claims` body.
enum ClaimInput {
    static let maximumAttachments = 50

    static func parse(_ object: [String: JSONValue]) throws -> NewClaim {
        var fields = FieldReader(object)
        let teamID = fields.uuid("teamId")
        if object["teamId"] == nil { fields.fail("teamId", "teamId is required") }
        let title = fields.title("title", required: true)
        let amount = fields.positiveAmount("amount", required: true)
        let currency = fields.currency("currency") ?? "USD"
        let priority = fields.choice("priority", ClaimStatusRules.priorities) ?? "medium"
        let description = fields.string("description", maxLength: 10_000)
        let category = fields.string("category", maxLength: 100)
        let attachments = Self.attachments(object["attachments"], &fields)
        guard fields.problems.isEmpty, let teamID, let title, let amount else {
            throw APIError.validation(fields.problems)
        }
        return NewClaim(
            teamID: teamID, title: title, description: description, amount: amount, currency: currency,
            category: category, priority: priority, attachments: attachments)
    }

    /// The attachments array as JSON text (objects only, at most 50), stored as given.
    static func attachments(_ value: JSONValue?, _ fields: inout FieldReader) -> String {
        switch value {
        case nil, .null?:
            return "[]"
        case .array(let items)? where items.count <= maximumAttachments && items.allSatisfy(\.isObject):
            let data = (try? JSONCoding.encoder.encode(JSONValue.array(items))) ?? Data("[]".utf8)
            return String(decoding: data, as: UTF8.self)
        default:
            fields.fail("attachments", "attachments must be an array of at most \(maximumAttachments) objects")
            return "[]"
        }
    }
}

extension JSONValue {
    var isObject: Bool {
        if case .object = self { return true }
        return false
    }
}

extension FieldReader {
    /// A claim title: 3 to 255 characters.
    mutating func title(_ field: String, required: Bool = false) -> String? {
        guard let title = string(field, required: required, maxLength: 255) else { return nil }
        guard title.trimmingCharacters(in: .whitespacesAndNewlines).count >= 3 else {
            fail(field, "\(field) must be at least 3 characters")
            return nil
        }
        return title
    }

    /// An amount greater than zero.
    mutating func positiveAmount(_ field: String, required: Bool = false) -> Decimal? {
        guard let amount = amount(field, required: required, maximum: 9_999_999_999.99) else { return nil }
        guard amount > 0 else {
            fail(field, "\(field) must be greater than 0")
            return nil
        }
        return amount
    }

    /// One of a fixed set of strings.
    mutating func choice(_ field: String, _ allowed: [String]) -> String? {
        guard let value = string(field, maxLength: 50) else { return nil }
        guard allowed.contains(value) else {
            fail(field, "\(field) must be one of \(allowed.joined(separator: ", "))")
            return nil
        }
        return value
    }
}
