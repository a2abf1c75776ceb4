import Foundation
import MataresitAPI
import MataresitStore

/// Lag of one stage partition from its stored position and the partition's high watermark.
enum StageLagCalculator {
    /// Messages: high watermark − next offset (the whole partition before the first commit; nil without a
    /// watermark). Seconds: now − newest event applied while messages are pending, else 0 (an idle stage
    /// is not late; without a watermark the event-time gap is reported as is).
    static func lag(of position: StageLagStore.Position, highWatermark: Int64?, now: Date) -> StageLag {
        let messages = highWatermark.map { max(0, $0 - (position.nextOffset ?? 0)) }
        let behind = position.newestEventAt.map { max(0, now.timeIntervalSince($0)) } ?? 0
        let pending = messages.map { $0 > 0 } ?? true
        return StageLag(stage: position.stage, messages: messages, seconds: pending ? behind : 0)
    }
}
