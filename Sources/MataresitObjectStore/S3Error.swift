/// What S3 said when it refused a request: the HTTP status and, when the body was S3's XML `<Error>`, its fields.
public struct S3ErrorResponse: Sendable, Equatable, CustomStringConvertible {
    public var statusCode: Int
    /// S3's error code, e.g. `NoSuchKey`, `SignatureDoesNotMatch`, `SlowDown`; nil when the body had none (HEAD).
    public var code: String?
    public var message: String?
    public var requestID: String?
    /// What was asked for: `PUT bucket/key`.
    public var request: String
    /// The attempt that got this answer; past 1, an earlier attempt may have taken effect without its answer
    /// arriving.
    public var attempts: Int = 1

    public var description: String {
        var text = "S3 \(request) failed: HTTP \(statusCode)"
        if let code { text += " \(code)" }
        if let message, !message.isEmpty { text += ": \(message)" }
        if let requestID { text += " (request id \(requestID))" }
        return text
    }
}

/// The errors of ``S3Client``'s operations.
public enum S3Error: Error, Sendable, CustomStringConvertible {
    /// A conditional write found the object already there (HTTP 412 for `If-None-Match: *`).
    case preconditionFailed(S3ErrorResponse)
    /// Any other refusal: 4xx, or 5xx and throttling once the retries ran out.
    case service(S3ErrorResponse)
    /// The request never got an HTTP answer (connection refused or reset, timeout), after the retries ran out.
    case transport(operation: String, attempts: Int, underlying: any Error)
    /// The server answered with something this client cannot read, such as XML missing a field S3 always sends.
    case invalidResponse(operation: String, reason: String)
    /// The caller's arguments cannot make a valid request (an empty key, a negative range).
    case invalidArgument(String)

    /// S3's error code, when S3 gave one.
    public var code: String? {
        switch self {
        case .preconditionFailed(let response), .service(let response): response.code
        default: nil
        }
    }

    /// The HTTP status, when the server answered.
    public var statusCode: Int? {
        switch self {
        case .preconditionFailed(let response), .service(let response): response.statusCode
        default: nil
        }
    }

    /// True for `SignatureDoesNotMatch`, `InvalidAccessKeyId`, `AccessDenied` and any 403: the credentials or
    /// permissions are wrong, and retrying will not help.
    public var isAuthenticationFailure: Bool {
        ["SignatureDoesNotMatch", "InvalidAccessKeyId", "AccessDenied", "InvalidToken", "ExpiredToken"]
            .contains(code ?? "") || statusCode == 403
    }

    public var description: String {
        switch self {
        case .preconditionFailed(let response): "precondition failed (object exists?): \(response)"
        case .service(let response): response.description
        case .transport(let operation, let attempts, let underlying):
            "S3 \(operation): no answer after \(attempts) attempt(s): \(underlying)"
        case .invalidResponse(let operation, let reason): "S3 \(operation): unreadable response: \(reason)"
        case .invalidArgument(let reason): "invalid S3 request: \(reason)"
        }
    }
}
