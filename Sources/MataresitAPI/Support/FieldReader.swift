import Foundation
import MataresitCore

/// Reads typed fields out of a JSON object, collecting one validation problem per bad field.
struct FieldReader {
    let object: [String: JSONValue]
    private(set) var problems: [(field: String, message: String)] = []

    init(_ object: [String: JSONValue]) {
        self.object = object
    }

    mutating func fail(_ field: String, _ message: String) {
        problems.append((field, message))
    }

    /// A string field; `required` reports a missing or empty value.
    mutating func string(_ field: String, required: Bool = false, maxLength: Int = 10_000) -> String? {
        switch object[field] {
        case nil, .null?:
            if required { fail(field, "\(field) is required") }
            return nil
        case .string(let value)?:
            if required && value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                fail(field, "\(field) must not be empty")
                return nil
            }
            if value.containsNUL {  // PostgreSQL text cannot hold it (query parameters reach here too)
                fail(field, "\(field) must not contain U+0000 (NUL)")
                return nil
            }
            if value.count > maxLength {
                fail(field, "\(field) must be at most \(maxLength) characters")
                return nil
            }
            return value
        default:
            fail(field, "\(field) must be a string")
            return nil
        }
    }

    /// A non-negative amount with at most two decimals kept (numbers or numeric strings).
    mutating func amount(_ field: String, required: Bool = false, maximum: Decimal = 99_999_999.99) -> Decimal? {
        let decimal: Decimal?
        switch object[field] {
        case nil, .null?:
            if required { fail(field, "\(field) is required") }
            return nil
        case .number(let value)?:
            decimal = value.isFinite ? Decimal(string: String(format: "%.2f", value)) : nil
        case .string(let text)?:
            decimal = Double(text).flatMap { $0.isFinite ? Decimal(string: String(format: "%.2f", $0)) : nil }
        default:
            decimal = nil
        }
        guard let decimal else {
            fail(field, "\(field) must be a number")
            return nil
        }
        guard decimal >= 0, decimal <= maximum else {
            fail(field, "\(field) must be between 0 and \(maximum)")
            return nil
        }
        return decimal
    }

    /// A UUID given as a string.
    mutating func uuid(_ field: String) -> UUID? {
        guard let text = string(field, maxLength: 64) else { return nil }
        guard let id = UUID(uuidString: text) else {
            fail(field, "\(field) must be a UUID")
            return nil
        }
        return id
    }

    /// A calendar date (`YYYY-MM-DD` of a real day in years 1-9999, or an ISO-8601 date-time), normalised to
    /// `YYYY-MM-DD` (``CalendarDate``).
    mutating func date(_ field: String, required: Bool = false) -> String? {
        guard let text = string(field, required: required, maxLength: 40) else { return nil }
        if let day = CalendarDate.normalized(text) { return day }
        fail(field, "\(field) must be a date that exists (YYYY-MM-DD, years 0001 to 9999)")
        return nil
    }
}

extension FieldReader {
    /// A currency code of 3 to 5 letters, returned uppercase.
    mutating func currency(_ field: String) -> String? {
        guard let text = string(field, maxLength: 5) else { return nil }
        guard (3...5).contains(text.count), text.allSatisfy({ $0.isASCII && $0.isLetter }) else {
            fail(field, "\(field) must be a currency code such as USD or MYR")
            return nil
        }
        return text.uppercased()
    }
}
