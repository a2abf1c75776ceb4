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

    /// The message key of an event, which decides its partition, whoever publishes it (API, worker, CLI): events
    /// of one API key share a partition (per-key order), an erasure request is keyed by its user, a dead letter
    /// keeps its original's key, everything else spreads by event id.
    public static func partitionKey(for envelope: EventEnvelope) -> [UInt8] {
        switch envelope.payload {
        case .apiRequest(let request): return (request.apiKeyID ?? envelope.id).byteArray
        case .apiKeyLifecycle(let event): return event.apiKeyID.byteArray
        case .securityEvent(let event): return (event.apiKeyID ?? envelope.id).byteArray
        case .erasureRequested(let request): return request.userID.byteArray
        case .deadLetter(let letter): return letter.originalKey.isEmpty ? envelope.id.byteArray : letter.originalKey
        case .adminAction, .cacheInvalidation, .unknown: return envelope.id.byteArray
        }
    }
}
