import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Builds the success and error envelopes of the API.
public enum APIResponse {
    struct Success<Payload: Encodable>: Encodable {
        let success = true
        let data: Payload
        let timestamp: Date
    }

    struct Failure: Encodable {
        let error = true
        let code: String
        let message: String
        let details: [String: JSONValue]?
        let timestamp: Date
    }

    /// `{"success": true, "data": ..., "timestamp": ...}`.
    public static func success(_ data: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        try json(Success(data: data, timestamp: Date()), status: status)
    }

    /// The encoded success envelope (for responses that are cached).
    static func successBody(_ data: some Encodable) throws -> ByteBuffer {
        try ResponseJSONEncoder.encode(Success(data: data, timestamp: Date()))
    }

    /// `{"error": true, "code": ..., "message": ..., "details"?: ..., "timestamp": ...}` plus `X-Error-Code`.
    public static func failure(_ error: APIError) -> Response {
        let (head, body) = failureParts(error)
        return Response(status: head.status, headers: head.headerFields, body: ResponseBody(byteBuffer: body))
    }

    /// The envelope of `error` as a response head and body (for answers written below the router, too).
    static func failureParts(_ error: APIError) -> (head: HTTPResponse, body: ByteBuffer) {
        let failure = Failure(
            code: error.code.rawValue, message: error.message, details: error.details, timestamp: Date())
        guard let body = try? ResponseJSONEncoder.encode(failure) else {
            return (HTTPResponse(status: .internalServerError), ByteBuffer())
        }
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8", .errorCode: error.code.rawValue]
        for field in error.headers { headers.append(field) }
        return (HTTPResponse(status: error.status, headerFields: headers), body)
    }

    static func json(_ body: some Encodable, status: HTTPResponse.Status) throws -> Response {
        Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: try ResponseJSONEncoder.encode(body)))
    }
}

extension HTTPField.Name {
    static let errorCode = HTTPField.Name("X-Error-Code")!
    static let apiKey = HTTPField.Name("X-API-Key")!
    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!
    static let realIP = HTTPField.Name("X-Real-IP")!
    static let cloudflareIP = HTTPField.Name("CF-Connecting-IP")!
}
