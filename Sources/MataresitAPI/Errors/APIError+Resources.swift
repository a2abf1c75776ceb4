extension APIError {
    /// 501 for the operations the existing API only stubs.
    static func notImplemented(_ message: String) -> APIError {
        APIError(status: .notImplemented, code: .notImplemented, message: message)
    }
}
