import Foundation
import Logging
import PostgresNIO

/// One stage's row for one partition of a topic: who owns it and where it resumes (nil before its first commit).
public struct StagePosition: Sendable, Equatable {
    public let stage: String
    public let partition: Int32
    public let owner: String?
    public let nextOffset: Int64?
}

extension StageOffsetStore {
    /// Every stage's row for the partitions of `topic`, by stage and partition.
    public func positions(topic: String) async throws -> [StagePosition] {
        try await StoreError.wrapping {
            let rows = try await client.query(
                """
                SELECT stage, partition, owner, next_offset FROM stage_offsets WHERE topic = \(topic)
                ORDER BY stage, partition
                """, logger: logger)
            var positions: [StagePosition] = []
            for try await (stage, partition, owner, next) in rows.decode((String, Int32, String?, Int64?).self) {
                positions.append(StagePosition(stage: stage, partition: partition, owner: owner, nextOffset: next))
            }
            return positions
        }
    }
}
