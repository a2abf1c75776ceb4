import Foundation

/// Something the security policy noticed. PII-free apart from the sealed client address.
public struct SecurityEvent: Sendable, Equatable {
    public static let typeName = "security.event"

    public enum Kind: String, Sendable, CaseIterable {
        case failedAuth = "failed_auth"
        case failedAuthBurst = "failed_auth_burst"
        case suspiciousPattern = "suspicious_pattern"
        case ipDenied = "ip_denied"
        case bruteForce = "brute_force"
        /// The key policy refused a key operation (`detail` names the operation, target key id and rule).
        case keyPolicyDenied = "key_policy_denied"
    }

    public var kind: Kind
    public var requestID: UUID?
    public var apiKeyID: UUID?
    public var userID: UUID?
    public var method: String
    /// Route template, or the path without its query string.
    public var route: String
    /// PII-free description: a pattern's name, a count.
    public var detail: String
    public var clientIP: SealedValue?
    /// Occurrences this event stands for (bursts); 1 otherwise.
    public var count: UInt32

    public init(
        kind: Kind, requestID: UUID? = nil, apiKeyID: UUID? = nil, userID: UUID? = nil, method: String = "",
        route: String = "", detail: String = "", clientIP: SealedValue? = nil, count: UInt32 = 1
    ) {
        self.kind = kind
        self.requestID = requestID
        self.apiKeyID = apiKeyID
        self.userID = userID
        self.method = method
        self.route = route
        self.detail = detail
        self.clientIP = clientIP
        self.count = count
    }
}
