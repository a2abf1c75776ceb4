import Foundation

/// Projects `api.request` events into access-log rows. Pure: sealed fields are opened by the caller's closure,
/// which returns nil when the subject's key is gone (erased), so the row then carries no personal data.
/// The redaction policy's `access_log` section decides what of the opened values is stored.
public struct AccessLogProjection: Sendable {
    public typealias Opener = @Sendable (SealedValue) -> String?
    private let open: Opener
    private let clientIP: RedactionAction
    private let userAgent: RedactionAction

    public init(policy: RedactionPolicy = .default, open: @escaping Opener) {
        self.open = open
        clientIP = policy.action(for: .clientIP, in: .accessLog)
        userAgent = policy.action(for: .userAgent, in: .accessLog)
    }

    /// The row for one event, or nil when the event is not an API request.
    public func row(for envelope: EventEnvelope) -> AccessLogRow? {
        guard case .apiRequest(let request) = envelope.payload else { return nil }
        return AccessLogRow(
            eventID: envelope.id,
            occurredAtMicros: envelope.occurredAtMicros,
            apiKeyID: request.apiKeyID,
            userID: request.userID,
            teamID: request.teamID,
            endpoint: request.path,
            route: request.route,
            method: request.method,
            statusCode: request.status,
            // Rounds half up without `+ 500`, which would trap for durations near UInt64.max off the wire.
            responseTimeMs: Int(
                clamping: min(
                    request.durationMicros / 1000 + (request.durationMicros % 1000 + 500) / 1000, UInt64(Int32.max))),
            ipAddress: request.clientIP.flatMap(open).flatMap(storedAddress),
            userAgent: request.userAgent.flatMap(open).flatMap(storedAgent),
            requestBytes: Int64(clamping: request.requestBytes),
            responseBytes: Int64(clamping: request.responseBytes),
            errorCode: request.errorCode,
            rateLimited: request.rateLimit == .limited)
    }

    /// `keep` stores only literal addresses (the column is an `inet`); anything else is never stored.
    func storedAddress(_ address: String) -> String? {
        switch clientIP {
        case .keep: return IPAddressTruncation.truncate(address) == nil ? nil : address.trimmingASCIIWhitespace()
        case .truncate: return IPAddressTruncation.truncate(address)
        default: return nil
        }
    }

    func storedAgent(_ agent: String) -> String? {
        switch userAgent {
        case .keep: return agent
        case .hash: return QueryStringRedactor.digest(agent)
        default: return nil
        }
    }
}
