import Foundation
import MataresitStore

/// Validates `lineItems[{description, quantity, unitPrice, totalPrice, category}]` of a receipt body.
enum LineItemInput {
    static func parse(_ value: JSONValue?, into fields: inout FieldReader) -> [NewLineItem] {
        switch value {
        case nil, .null?:
            return []
        case .array(let items)? where items.count <= ReceiptInput.maximumLineItems:
            return items.enumerated().compactMap { index, item in parse(item, index: index, into: &fields) }
        case .array?:
            fields.fail("lineItems", "lineItems may hold at most \(ReceiptInput.maximumLineItems) items")
            return []
        default:
            fields.fail("lineItems", "lineItems must be an array")
            return []
        }
    }

    private static func parse(_ item: JSONValue, index: Int, into fields: inout FieldReader) -> NewLineItem? {
        let prefix = "lineItems[\(index)]"
        guard case .object(let object) = item else {
            fields.fail(prefix, "\(prefix) must be an object")
            return nil
        }
        var line = FieldReader(object)
        let description = line.string("description", required: true, maxLength: 1_000)
        let quantity = line.amount("quantity", maximum: 9_999_999)
        let unitPrice = line.amount("unitPrice")
        let totalPrice = line.amount("totalPrice")
        let category = line.string("category", maxLength: 100)
        if let quantity, quantity <= 0 { line.fail("quantity", "quantity must be greater than 0") }
        for problem in line.problems { fields.fail("\(prefix).\(problem.field)", problem.message) }
        guard line.problems.isEmpty, let description else { return nil }
        return NewLineItem(
            description: description, quantity: quantity ?? 1, unitPrice: unitPrice, totalPrice: totalPrice,
            category: category)
    }
}
