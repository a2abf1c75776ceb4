import Foundation

/// One row of the audit log before it is chained: what happened, to which key, by whom.
/// `userID`, `actorUserID` and `targetID` are the personal (actor) fields: the chain covers only their salted
/// digest, so an erasure can blank them without breaking verification (see `AuditHash`).
public struct AuditEntry: Sendable, Equatable {
    /// The source event; with `eventType` the idempotency key of the row (nil for rows with no source event).
    public var eventID: UUID?
    /// Seed-style type, e.g. `api_key_expired`, `security_failed_auth_burst`, `admin_action`.
    public var eventType: String
    /// The specific action or kind: `expired`, `failed_auth_burst`, `users.set_tier`, ...
    public var action: String
    public var apiKeyID: UUID?
    /// The user the row is about (key owner, erased subject, ...).
    public var userID: UUID?
    /// Who did it; nil for the system or the operator at the command line.
    public var actorUserID: UUID?
    /// An id the action targeted (a team, a user); may identify a person, hence personal.
    public var targetID: String?
    /// PII-free details, flat string pairs (the seed's `details` column).
    public var details: [String: String]
    /// Event time, microseconds since the Unix epoch (the seed's `timestamp` column).
    public var occurredAtMicros: Int64

    public init(
        eventID: UUID?, eventType: String, action: String, apiKeyID: UUID? = nil, userID: UUID? = nil,
        actorUserID: UUID? = nil, targetID: String? = nil, details: [String: String] = [:], occurredAtMicros: Int64
    ) {
        self.eventID = eventID
        self.eventType = eventType
        self.action = action
        self.apiKeyID = apiKeyID
        self.userID = userID
        self.actorUserID = actorUserID
        self.targetID = targetID
        self.details = details
        self.occurredAtMicros = occurredAtMicros
    }
}
