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

    /// Methods served at `path` (empty when no route matches it).
    func allowedMethods(for path: String) -> [HTTPRequest.Method] {
        let segments = Self.segments(of: path)
        return routes.withLock { routes in
            routes.filter { Self.matches($0.segments, segments) }.map(\.method)
        }
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
