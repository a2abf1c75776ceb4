import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// The seed's request validation: a URL or JSON body matching one of its suspicious patterns is refused
/// with 400 and logged as a `security_event` (naming the pattern, never the content). Other hostile text
/// is stored verbatim: queries are parameterised and responses are JSON, so it is never executed.
struct SuspiciousPatternMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    /// Publishes a `suspicious_pattern` security event for each refused request (nil: logged only).
    var reporter: SecurityEventReporter? = nil

    /// The seed's four patterns, case-insensitive: `union\s+select`, `drop\s+table`, `<script>`, `javascript:`.
    static func match(_ text: String) -> String? {
        let lower = text.lowercased()
        if wordPair(lower, "union", "select") { return "union_select" }
        if wordPair(lower, "drop", "table") { return "drop_table" }
        if lower.contains("<script>") { return "script_tag" }
        if lower.contains("javascript:") { return "javascript_url" }
        return nil
    }

    /// `first`, one or more whitespace characters, then `second`.
    static func wordPair(_ text: String, _ first: String, _ second: String) -> Bool {
        var searchStart = text.startIndex
        while let found = text.range(of: first, range: searchStart..<text.endIndex) {
            let rest = text[found.upperBound...]
            let afterSpace = rest.drop(while: \.isWhitespace)
            if afterSpace.startIndex > rest.startIndex, afterSpace.hasPrefix(second) { return true }
            searchStart = found.upperBound
        }
        return false
    }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var request = request
        var inspected = request.uri.description.removingPercentEncoding ?? request.uri.description
        if [.post, .put, .patch].contains(request.method) {
            let body = try await request.collectBody(upTo: context.maxUploadSize)
            inspected += String(decoding: body.readableBytesView, as: UTF8.self)
        }
        if let match = Self.match(inspected) {
            await reporter?.suspiciousPattern(match, request, context: context)
            context.logger.warning(
                "security_event",
                metadata: [
                    "type": "security_event", "event": "suspicious_request_pattern", "pattern": "\(match)",
                    "route": "\(request.uri.path)",
                ])
            throw APIError(
                status: .badRequest, code: .validationError, message: "Suspicious request pattern detected",
                details: ["pattern": .string(match)])
        }
        return try await next(request, context)
    }
}
