/// Where the API hands its events. Implementations must never block or fail the caller:
/// an event that cannot reach the broker now is queued or spooled, never dropped silently.
public protocol EventPublishing: Sendable {
    /// Hands one event over; returns at once.
    func publish(_ envelope: EventEnvelope)
}

/// Topic names of the pipeline (declared in `streams/pipeline.yaml`).
public enum Topics {
    public static let apiRequests = "api.requests.v1"
}
