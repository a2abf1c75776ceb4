/// What the redaction policy does with one personal field.
public enum RedactionAction: String, Sendable, Equatable, CaseIterable, Codable {
    /// Stored as it came.
    case keep
    /// Shortened to something no longer personal (client IP: its /24 or /48 network).
    case truncate
    /// Replaced by a short SHA-256 digest: countable and comparable, not readable (pseudonymous, not anonymous).
    case hash
    /// Removed.
    case drop
    /// Encrypted under the subject's data key (events only): erasing the subject's key makes it unreadable.
    case seal
}

/// The fields the policy speaks about.
public enum RedactionField: String, Sendable, Equatable, CaseIterable, Codable {
    case clientIP = "client_ip"
    case userAgent = "user_agent"
    /// The query string's ordinary parameters.
    case queryString = "query_string"
    /// Query-string values that look like e-mail addresses, tokens or keys.
    case querySecrets = "query_secrets"
}

/// Where a policy applies: the events the API builds, or the rows the access-log stage writes.
public enum RedactionTarget: String, Sendable, Equatable, CaseIterable {
    case events
    case accessLog = "access_log"

    /// The actions allowed for each field here. Personal fields never travel in plain text in events
    /// (DESIGN.md §2); the access log's `ip_address` is an `inet`, so it can be kept, truncated or dropped.
    public func allowedActions(for field: RedactionField) -> [RedactionAction] {
        switch (self, field) {
        case (.events, .clientIP), (.events, .userAgent): return [.seal, .drop]
        case (.events, .queryString): return [.keep, .drop]
        case (.events, .querySecrets): return [.drop, .hash]
        case (.accessLog, .clientIP): return [.keep, .truncate, .drop]
        case (.accessLog, .userAgent): return [.keep, .hash, .drop]
        case (.accessLog, .queryString), (.accessLog, .querySecrets): return []
        }
    }
}
