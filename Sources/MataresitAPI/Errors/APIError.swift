import HTTPTypes

/// An error the API answers with: status, string code, a message safe to show, optional details.
/// Every 4xx/5xx leaves the server as this envelope, never as a stack trace or a driver message.
public struct APIError: Error, Sendable, CustomStringConvertible {
    public var status: HTTPResponse.Status
    public var code: APIErrorCode
    public var message: String
    public var details: [String: JSONValue]?
    public var headers: HTTPFields

    public init(
        status: HTTPResponse.Status, code: APIErrorCode, message: String, details: [String: JSONValue]? = nil,
        headers: HTTPFields = [:]
    ) {
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.headers = headers
    }

    public var description: String { "\(status.code) \(code.rawValue): \(message)" }

    public static func invalidAPIKey(_ message: String) -> APIError {
        APIError(status: .unauthorized, code: .invalidAPIKey, message: message)
    }

    /// 413: the body passed the size limit.
    public static let bodyTooLarge = APIError(
        status: .contentTooLarge, code: .invalidRequestBody, message: "Request body is too large")

    public static func notFound(_ what: String) -> APIError {
        APIError(status: .notFound, code: .resourceNotFound, message: "\(what) not found")
    }

    /// 400 with `details.validationErrors[{field, message}]`.
    public static func validation(_ problems: [(field: String, message: String)]) -> APIError {
        let list = problems.map { JSONValue.object(["field": .string($0.field), "message": .string($0.message)]) }
        let summary = problems.map(\.message).joined(separator: "; ")
        return APIError(
            status: .badRequest, code: .validationError, message: summary.isEmpty ? "Validation failed" : summary,
            details: ["validationErrors": .array(list)])
    }
}
