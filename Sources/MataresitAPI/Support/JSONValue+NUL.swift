extension JSONValue {
    /// The JSON path of the first string (or object key) holding U+0000, which PostgreSQL's `text` and `jsonb`
    /// cannot store (SQLSTATE 22021 / 22P05): such input is refused with 400 before it reaches a query.
    func pathToNUL(_ path: String = "") -> String? {
        switch self {
        case .string(let text): return text.containsNUL ? path : nil
        case .array(let items):
            for (index, item) in items.enumerated() {
                if let found = item.pathToNUL("\(path)[\(index)]") { return found }
            }
            return nil
        case .object(let members):
            for (key, value) in members {
                let child = path.isEmpty ? key : "\(path).\(key)"
                if key.containsNUL { return child }
                if let found = value.pathToNUL(child) { return found }
            }
            return nil
        case .number, .bool, .null: return nil
        }
    }
}

extension StringProtocol {
    var containsNUL: Bool { unicodeScalars.contains("\u{0}") }
}
