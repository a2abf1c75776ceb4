import Foundation

/// A UTC day of one API key.
public struct KeyDay: Hashable, Sendable {
    public var apiKeyID: UUID
    /// Days since 1970-01-01 (see `UTCTime.dayNumber`).
    public var dayNumber: Int64
}

/// A batch's additions to the usage tables: one entry per key and per key-day, so each upsert touches a key once.
public struct UsageDeltas: Sendable, Equatable {
    public var perKey: [UUID: UsageCounters] = [:]
    public var perKeyDay: [KeyDay: UsageCounters] = [:]

    public init() {}

    public var isEmpty: Bool { perKey.isEmpty }
}

/// usage-summary as a pure fold: access-log rows actually inserted in to per-key and per-key-day deltas.
/// Rows without an API key (unauthenticated traffic) belong to no key and are not counted here.
public enum UsageFold {
    public static func fold(_ rows: some Sequence<AccessLogRow>) -> UsageDeltas {
        var deltas = UsageDeltas()
        for row in rows {
            guard let key = row.apiKeyID else { continue }
            deltas.perKey[key, default: UsageCounters()].add(row)
            let day = KeyDay(apiKeyID: key, dayNumber: UTCTime.dayNumber(micros: row.occurredAtMicros))
            deltas.perKeyDay[day, default: UsageCounters()].add(row)
        }
        return deltas
    }
}
