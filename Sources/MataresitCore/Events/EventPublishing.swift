/// Where the API hands its events. Implementations must never block or fail the caller:
/// an event that cannot reach the broker now is queued or spooled, never dropped silently.
public protocol EventPublishing: Sendable {
    /// Hands one event over; returns at once.
    func publish(_ envelope: EventEnvelope)
}

/// Topic names of the pipeline (declared in `streams/pipeline.yaml`).
public enum Topics {
    public static let apiRequests = "api.requests.v1"
    /// Key lifecycle, security and admin events: the audit stage's input.
    public static let audit = "audit.events.v1"
    /// Events a stage could not decode or apply, with their origin.
    public static let deadLetters = "api.requests.dlq.v1"
    /// Cache invalidations between API instances.
    public static let cacheInvalidations = "cache.invalidations.v1"

    /// The topic each payload travels on.
    public static func topic(for payload: EventPayload) -> String {
        switch payload {
        case .apiRequest, .unknown: return apiRequests
        case .apiKeyLifecycle, .securityEvent, .adminAction, .erasureRequested: return audit
        case .cacheInvalidation: return cacheInvalidations
        case .deadLetter: return deadLetters
        }
    }
}
