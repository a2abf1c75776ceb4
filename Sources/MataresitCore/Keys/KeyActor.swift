import Foundation

/// Who acts on API keys, as the key policy sees it: an API key (its id, scopes, expiry and allow-list) or the
/// operator at the command line, who holds every scope and no limit of a key.
public struct KeyActor: Sendable, Equatable {
    /// The acting key; nil for the operator.
    public var keyID: UUID?
    public var scopes: [Scope]
    /// When the acting key stops working; nil: never.
    public var expiresAt: Date?
    /// Normalised addresses or CIDR blocks the acting key is limited to; empty: any address.
    public var allowedIPs: [String]

    /// An actor with the given powers.
    public init(keyID: UUID?, scopes: [Scope], expiresAt: Date? = nil, allowedIPs: [String] = []) {
        self.keyID = keyID
        self.scopes = scopes
        self.expiresAt = expiresAt
        self.allowedIPs = allowedIPs
    }

    /// The operator at the command line: every scope, no expiry, any address.
    public static let `operator` = KeyActor(keyID: nil, scopes: Scope.allCases)

    /// Whether the actor holds every one of `scopes` (`admin:all` holds them all).
    public func holds(_ scopes: some Sequence<Scope>) -> Bool {
        scopes.allSatisfy { $0.isSatisfied(by: self.scopes) }
    }
}
