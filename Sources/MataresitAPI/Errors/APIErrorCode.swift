/// The string error codes of the published API documentation (`X-Error-Code` and the envelope's `code`).
public enum APIErrorCode: String, Sendable {
    case invalidAPIKey = "INVALID_API_KEY"
    case expiredAPIKey = "EXPIRED_API_KEY"
    case insufficientPermissions = "INSUFFICIENT_PERMISSIONS"
    case accessDenied = "ACCESS_DENIED"
    case rateLimitExceeded = "RATE_LIMIT_EXCEEDED"
    case subscriptionLimitExceeded = "SUBSCRIPTION_LIMIT_EXCEEDED"
    case validationError = "VALIDATION_ERROR"
    case invalidRequestBody = "INVALID_REQUEST_BODY"
    case missingRequiredField = "MISSING_REQUIRED_FIELD"
    case invalidFieldValue = "INVALID_FIELD_VALUE"
    case resourceNotFound = "RESOURCE_NOT_FOUND"
    case resourceAlreadyExists = "RESOURCE_ALREADY_EXISTS"
    case resourceConflict = "RESOURCE_CONFLICT"
    case databaseError = "DATABASE_ERROR"
    case constraintViolation = "CONSTRAINT_VIOLATION"
    case internalServerError = "INTERNAL_SERVER_ERROR"
    case methodNotAllowed = "METHOD_NOT_ALLOWED"
    case unsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE"
    case serviceUnavailable = "SERVICE_UNAVAILABLE"
    case notImplemented = "NOT_IMPLEMENTED"
    /// The client closed the connection before its request was complete (status 499, nginx's convention): recorded
    /// in the access log and metrics as a client abort, never as a server error. Nobody receives the response.
    case clientClosedRequest = "CLIENT_CLOSED_REQUEST"
}
