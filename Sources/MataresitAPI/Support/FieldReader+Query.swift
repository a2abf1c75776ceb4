import Hummingbird

extension FieldReader {
    /// Reads query parameters with the same rules as body fields (numbers and dates arrive as strings).
    /// A parameter given twice keeps its last value.
    init(query request: Request) {
        var object: [String: JSONValue] = [:]
        for (name, value) in request.uri.queryParameters { object[String(name)] = .string(String(value)) }
        self.init(object)
    }

    /// An optional string filter; empty values count as absent.
    mutating func filter(_ field: String, maxLength: Int = 255) -> String? {
        guard let value = string(field, maxLength: maxLength), !value.isEmpty else { return nil }
        return value
    }
}
