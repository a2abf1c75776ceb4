import HTTPTypes

extension APIError {
    /// The connection closed mid-request (``APIErrorCode/clientClosedRequest``).
    static let clientClosedRequest = APIError(
        status: HTTPResponse.Status(code: 499, reasonPhrase: "Client Closed Request"), code: .clientClosedRequest,
        message: "The client closed the connection before the request was complete")

    /// 409 for a key created past `API_KEY_MAX_ACTIVE`.
    static func tooManyKeys(_ limit: Int) -> APIError {
        APIError(
            status: .conflict, code: .resourceConflict,
            message: "This user already holds \(limit) active keys (API_KEY_MAX_ACTIVE): revoke one first")
    }

    /// 501 for the operations the existing API only stubs.
    static func notImplemented(_ message: String) -> APIError {
        APIError(status: .notImplemented, code: .notImplemented, message: message)
    }
}
