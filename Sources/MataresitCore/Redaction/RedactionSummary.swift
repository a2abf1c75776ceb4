import Foundation

/// ENABLE_GDPR_COMPLIANCE_LOGGING: what the redaction policy removed, summed per UTC hour (counts, never values).
/// A pure state machine: `add` returns the finished hour's summary when a request of a later hour arrives, so the
/// caller publishes one small audit event per hour and instance instead of one per request.
public struct RedactionSummary: Sendable, Equatable {
    public struct Window: Sendable, Equatable {
        /// Start of the UTC hour.
        public var hourStart: Date
        public var requests: UInt64
        public var counts: [String: UInt64]
    }

    public private(set) var current: Window?

    public init() {}

    /// Adds one request's redaction counts; returns the previous hour's window when this request starts a new hour.
    public mutating func add(_ counts: [String: UInt32], at date: Date) -> Window? {
        let hour = Date(timeIntervalSince1970: (date.timeIntervalSince1970 / 3600).rounded(.down) * 3600)
        var finished: Window?
        if let window = current, window.hourStart != hour {
            finished = window
            current = nil
        }
        var window = current ?? Window(hourStart: hour, requests: 0, counts: [:])
        window.requests += 1
        for (field, count) in counts { window.counts[field, default: 0] += UInt64(count) }
        current = window
        return finished
    }

    /// The admin action recording a finished window in the audit log.
    public static func auditAction(for window: Window, instance: String) -> AdminAction {
        var attributes = window.counts.mapValues(String.init)
        attributes["requests"] = String(window.requests)
        attributes["hour"] = ISO8601DateFormatter().string(from: window.hourStart)
        attributes["instance"] = instance
        return AdminAction(
            action: "gdpr.redaction_summary", targetType: "redaction_policy", targetID: "events", attributes: attributes
        )
    }
}
