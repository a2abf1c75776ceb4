import Foundation
import MataresitAPI
import MataresitStore

/// Lag of one stage partition from its stored position, the partition's high watermark and the time the oldest
/// event not yet applied was produced.
enum StageLagCalculator {
    /// Messages: high watermark − next offset (the whole partition before the first commit; nil without a
    /// watermark). Seconds: the age of the oldest event not yet applied, 0 when caught up (a stage idle for an hour
    /// that receives one event is a few milliseconds late, not an hour). When that event's time is unknown (Kafka
    /// did not answer), the time since the newest applied event stands in while messages are pending.
    static func lag(
        of position: StageLagStore.Position, highWatermark: Int64?, oldestPendingAt: Date?, now: Date
    ) -> StageLag {
        let messages = highWatermark.map { max(0, $0 - (position.nextOffset ?? 0)) }
        let pending = messages.map { $0 > 0 } ?? true
        guard pending else { return StageLag(stage: position.stage, messages: messages, seconds: 0) }
        let since = oldestPendingAt ?? position.newestEventAt
        return StageLag(
            stage: position.stage, messages: messages, seconds: since.map { max(0, now.timeIntervalSince($0)) } ?? 0)
    }
}
