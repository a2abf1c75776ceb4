import Foundation
import MataresitCore
import MataresitStore

/// A validated `POST /search` body.
struct SearchInput: Sendable {
    static let maximumQuery = 500
    static let maximumLimit = 100
    static let maximumOffset = 10_000

    var query: String
    /// Nil when the body named none (the tier's defaults apply).
    var sources: [SearchSource]?
    var teamID: UUID?
    var limit: Int
    var offset: Int
    var includeEmbeddings: Bool

    init(_ object: [String: JSONValue]) throws {
        var fields = FieldReader(object)
        let text = fields.string("query", required: true, maxLength: Self.maximumQuery)
        sources = Self.sources(object["sources"], &fields)
        if case .object(let filters)? = object["filters"] {
            var filterFields = FieldReader(filters)
            teamID = filterFields.uuid("teamId")
            for problem in filterFields.problems { fields.fail("filters.\(problem.field)", problem.message) }
        } else if let filters = object["filters"], filters != .null {
            fields.fail("filters", "filters must be an object")
        }
        limit = Self.integer("limit", object, &fields, default: 20, range: 1...Self.maximumLimit)
        offset = Self.integer("offset", object, &fields, default: 0, range: 0...Self.maximumOffset)
        switch object["includeEmbeddings"] {
        case nil, .null?: includeEmbeddings = false
        case .bool(let flag)?: includeEmbeddings = flag
        default:
            includeEmbeddings = false
            fields.fail("includeEmbeddings", "includeEmbeddings must be a boolean")
        }
        guard fields.problems.isEmpty, let text else { throw APIError.validation(fields.problems) }
        query = text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func sources(_ value: JSONValue?, _ fields: inout FieldReader) -> [SearchSource]? {
        switch value {
        case nil, .null?:
            return nil
        case .array(let items)? where !items.isEmpty:
            var sources: [SearchSource] = []
            for item in items {
                guard case .string(let name) = item, let source = SearchSource(rawValue: name) else {
                    let names = SearchSource.allCases.map(\.rawValue).joined(separator: ", ")
                    fields.fail("sources", "sources must name some of \(names)")
                    return nil
                }
                if !sources.contains(source) { sources.append(source) }
            }
            return sources
        default:
            fields.fail("sources", "sources must be a non-empty array")
            return nil
        }
    }

    static func integer(
        _ field: String, _ object: [String: JSONValue], _ fields: inout FieldReader, default value: Int,
        range: ClosedRange<Int>
    ) -> Int {
        switch object[field] {
        case nil, .null?:
            return value
        case .number(let number)? where number.rounded() == number && range.contains(Int(exactly: number) ?? -1):
            return Int(number)
        default:
            fields.fail(field, "\(field) must be an integer from \(range.lowerBound) to \(range.upperBound)")
            return value
        }
    }
}
