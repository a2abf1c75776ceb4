import HTTPTypes
import Synchronization

/// The routes the API serves, so that a known path asked with the wrong method gets 405 with `Allow`
/// instead of 404. Patterns use `{name}` for one path segment.
public final class RouteCatalog: Sendable {
    private let routes = Mutex<[(method: HTTPRequest.Method, segments: [Substring])]>([])

    public init() {}

    func add(_ method: HTTPRequest.Method, _ pattern: String) {
        let segments = Self.segments(of: pattern)
        routes.withLock { $0.append((method, segments)) }
    }

    /// Methods served at `path` (empty when no route matches it). Like the router, a literal segment wins over
    /// a `{parameter}`: `/receipts/quick` answers with the methods of `receipts/quick`, not of `receipts/{id}`.
    func allowedMethods(for path: String) -> [HTTPRequest.Method] {
        let segments = Self.segments(of: path)
        let matching = routes.withLock { routes in routes.filter { Self.matches($0.segments, segments) } }
        guard let best = matching.map({ Self.literalMask($0.segments) }).max(by: { $0.lexicographicallyPrecedes($1) })
        else { return [] }
        return matching.filter { Self.literalMask($0.segments) == best }.map(\.method)
    }

    /// 1 for each literal segment, 0 for each parameter: comparing masks orders patterns by specificity.
    static func literalMask(_ pattern: [Substring]) -> [Int] {
        pattern.map { $0.hasPrefix("{") && $0.hasSuffix("}") ? 0 : 1 }
    }

    static func segments(of path: String) -> [Substring] {
        path.split(separator: "/", omittingEmptySubsequences: true)
    }

    static func matches(_ pattern: [Substring], _ path: [Substring]) -> Bool {
        guard pattern.count == path.count else { return false }
        return zip(pattern, path).allSatisfy { template, segment in
            (template.hasPrefix("{") && template.hasSuffix("}")) || template == segment
        }
    }
}
