import Foundation

/// Parsing of the suite's `.req` files: a request line, header lines (a line starting with white space continues
/// the previous header, as `get-header-value-multiline` does), an empty line and the body.
extension SigV4SuiteCase {
    init(name: String, req: String, creq: String, sts: String, authz: String) throws {
        let lines = req.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n")
        let target = try Self.requestLine(lines.first ?? "")
        self.name = name
        self.method = target.method
        self.rawPath = target.path
        self.query = Self.queryItems(target.query)
        let end = lines.firstIndex(of: "") ?? lines.count
        self.headers = try Self.headerFields(lines[1..<end])
        self.body = end < lines.count ? lines[(end + 1)...].joined(separator: "\n") : ""
        self.creq = creq
        self.sts = sts
        self.authz = authz
    }

    struct ParseError: Error, CustomStringConvertible {
        let description: String
    }

    /// `GET /a b?x=y HTTP/1.1`: the method is up to the first space, the version after the last (paths may hold
    /// spaces, as in `get-space`).
    private static func requestLine(_ line: String) throws -> (method: String, path: String, query: String) {
        guard let first = line.firstIndex(of: " "), let last = line.lastIndex(of: " "), first < last else {
            throw ParseError(description: "bad request line: \(line)")
        }
        let target = line[line.index(after: first)..<last]
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        return (String(line[..<first]), String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
    }

    /// `a=b&c` as decoded pairs (`c` has an empty value).
    private static func queryItems(_ query: String) -> [(name: String, value: String)] {
        query.split(separator: "&").map { item in
            let pair = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (text: Substring) in text.removingPercentEncoding ?? String(text) }
            return (decode(pair[0]), pair.count > 1 ? decode(pair[1]) : "")
        }
    }

    private static func headerFields(_ lines: ArraySlice<String>) throws -> [(name: String, value: String)] {
        var fields: [(name: String, value: String)] = []
        for line in lines {
            if line.first == " " || line.first == "\t" {
                guard !fields.isEmpty else { throw ParseError(description: "continuation without header") }
                fields[fields.count - 1].value += "\n" + line
                continue
            }
            guard let colon = line.firstIndex(of: ":") else { throw ParseError(description: "bad header: \(line)") }
            fields.append((String(line[..<colon]), String(line[line.index(after: colon)...])))
        }
        return fields
    }
}
