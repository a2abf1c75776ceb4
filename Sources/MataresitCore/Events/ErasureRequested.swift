import Foundation

/// A request to erase a user (right to be forgotten); the erasure stage acts on it.
public struct ErasureRequested: Sendable, Equatable {
    public static let typeName = "gdpr.erasure_requested"

    public var erasureID: UUID
    /// The subject to erase.
    public var userID: UUID
    /// Admin user; nil = the operator at the command line.
    public var requestedBy: UUID?
    /// Chosen by the operator; must not contain personal data.
    public var reason: String

    public init(erasureID: UUID = EventID.make(), userID: UUID, requestedBy: UUID? = nil, reason: String = "") {
        self.erasureID = erasureID
        self.userID = userID
        self.requestedBy = requestedBy
        self.reason = reason
    }
}
