import Foundation

/// The event times a projection accepts. An event claiming to have happened before the service could exist, or
/// more than a day in the future (beyond any clock skew), is not a late event but a broken one: stages dead-letter
/// it instead of letting Postgres refuse it (a time outside `timestamptz`'s range) or a day partition reject it.
public enum EventTimeWindow {
    /// 2000-01-01T00:00:00Z.
    public static let earliestMicros: Int64 = 946_684_800_000_000
    public static let futureAllowanceMicros: Int64 = 86_400_000_000

    /// Why `micros` is outside the window, or nil when it is inside.
    public static func problem(occurredAtMicros micros: Int64, now: Date = Date()) -> String? {
        if micros < earliestMicros { return "event time out of range: before 2000-01-01" }
        if micros > now.microsecondsSince1970 + futureAllowanceMicros {
            return "event time out of range: more than a day in the future"
        }
        return nil
    }
}
