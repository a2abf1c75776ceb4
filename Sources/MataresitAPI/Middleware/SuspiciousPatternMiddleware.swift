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

    /// Whether an URI (before percent-decoding) could match: it holds a `%`, or one of the patterns' leading
    /// words (`union`, `drop`, `<script>`, `javascript:`) in any ASCII case. No other character lowercases to
    /// the ASCII letters of these words, so without them `match` finds nothing; most requests end here, without
    /// Foundation's decoding and lowercasing.
    static func mayMatch(_ uri: String) -> Bool {
        var uri = uri
        return uri.withUTF8 { bytes in
            for index in bytes.indices {
                if bytes[index] == UInt8(ascii: "%") { return true }
                switch bytes[index] | 0x20 {  // the byte's lowercase when it is an ASCII letter; checked exactly below
                case UInt8(ascii: "u"): if startsWord(bytes, at: index, "union") { return true }
                case UInt8(ascii: "d"): if startsWord(bytes, at: index, "drop") { return true }
                case UInt8(ascii: "<"): if startsWord(bytes, at: index, "<script>") { return true }
                case UInt8(ascii: "j"): if startsWord(bytes, at: index, "javascript:") { return true }
                default: continue
                }
            }
            return false
        }
    }

    /// Whether `word` (lowercase ASCII) starts at `index`, ignoring ASCII case.
    private static func startsWord(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, _ word: StaticString) -> Bool {
        guard bytes.count - index >= word.utf8CodeUnitCount else { return false }
        for offset in 0..<word.utf8CodeUnitCount {
            let byte = bytes[index + offset], expected = word.utf8Start[offset]
            let folded = (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
            if folded != expected { return false }
        }
        return true
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
        try await next(try await inspect(request, context: context), context)
    }

    /// The request to pass on (a write's body collected, to be read again), or a 400 when a pattern matches.
    func inspect(_ request: Request, context: Context) async throws -> Request {
        var request = request
        let uri = request.uri.description
        var inspected: String?
        if [.post, .put, .patch].contains(request.method) {
            let body = try await request.collectBody(upTo: context.maxUploadSize)
            inspected = (uri.removingPercentEncoding ?? uri) + String(decoding: body.readableBytesView, as: UTF8.self)
        } else if Self.mayMatch(uri) {
            inspected = uri.removingPercentEncoding ?? uri
        }
        if let inspected, let match = Self.match(inspected) {
            await reporter?.suspiciousPattern(match, request, context: context)
            context.logger.warning(
                "security_event",
                metadata: [
                    "type": "security_event", "event": "suspicious_request_pattern", "pattern": "\(match)",
                    "route": "\(request.uri.path)"
                ])
            throw APIError(
                status: .badRequest, code: .validationError, message: "Suspicious request pattern detected",
                details: ["pattern": .string(match)])
        }
        return request
    }
}
