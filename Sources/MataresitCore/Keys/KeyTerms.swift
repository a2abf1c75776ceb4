import Foundation

/// The powers a new key is given (by a creation or as a rotation's successor).
public struct KeyTerms: Sendable, Equatable {
    public var scopes: [Scope]
    /// nil: never expires.
    public var expiresAt: Date?
    /// Normalised addresses or CIDR blocks; empty: any address.
    public var allowedIPs: [String]

    /// Terms of a new key.
    public init(scopes: [Scope], expiresAt: Date? = nil, allowedIPs: [String] = []) {
        self.scopes = scopes
        self.expiresAt = expiresAt
        self.allowedIPs = allowedIPs
    }
}
