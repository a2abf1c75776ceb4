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
        let body = Failure(
            code: error.code.rawValue, message: error.message, details: error.details, timestamp: Date())
        var response =
            (try? json(body, status: error.status))
            ?? Response(status: .internalServerError)
        response.headers[.errorCode] = error.code.rawValue
        for field in error.headers { response.headers.append(field) }
        return response
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
