import HTTPTypes

extension APIError {
    /// The connection closed mid-request (``APIErrorCode/clientClosedRequest``).
    static let clientClosedRequest = APIError(
        status: HTTPResponse.Status(code: 499, reasonPhrase: "Client Closed Request"), code: .clientClosedRequest,
        message: "The client closed the connection before the request was complete")

    /// 501 for the operations the existing API only stubs.
    static func notImplemented(_ message: String) -> APIError {
        APIError(status: .notImplemented, code: .notImplemented, message: message)
    }
}
