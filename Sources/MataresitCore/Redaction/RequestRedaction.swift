/// The events' policy for one request's personal fields: which to seal, the path to carry, what to count.
public struct RequestRedaction: Sendable, Equatable {
    /// The path the event carries: without query string, or with its redacted query when the policy keeps it.
    public var path: String
    public var sealClientIP: Bool
    public var sealUserAgent: Bool
    /// Field -> number of values redacted (sealed, hashed or dropped); never values.
    public var counts: [String: UInt32]

    /// Decides for a request with this path, raw query string and personal fields.
    public init(policy: RedactionPolicy, path: String, query: String?, hasClientIP: Bool, hasUserAgent: Bool) {
        let outcome = QueryStringRedactor(policy: policy).redact(query)
        self.path = outcome.kept.map { "\(path)?\($0)" } ?? path
        sealClientIP = policy.action(for: .clientIP, in: .events) == .seal
        sealUserAgent = policy.action(for: .userAgent, in: .events) == .seal
        var counts = outcome.counts
        if hasClientIP { counts[RedactionField.clientIP.rawValue] = 1 }
        if hasUserAgent { counts[RedactionField.userAgent.rawValue] = 1 }
        self.counts = counts
    }
}
