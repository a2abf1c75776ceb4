import Foundation

/// Projects `api.request` events into access-log rows. Pure: sealed fields are opened by the caller's closure,
/// which returns nil when the subject's key is gone (erased), so the row then carries no personal data.
public struct AccessLogProjection: Sendable {
    public typealias Opener = @Sendable (SealedValue) -> String?
    private let open: Opener

    public init(open: @escaping Opener) {
        self.open = open
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
            ipAddress: request.clientIP.flatMap(open).flatMap(IPAddressTruncation.truncate),
            userAgent: request.userAgent.flatMap(open),
            requestBytes: Int64(clamping: request.requestBytes),
            responseBytes: Int64(clamping: request.responseBytes),
            errorCode: request.errorCode,
            rateLimited: request.rateLimit == .limited)
    }
}
