import Foundation
import Logging
import PostgresNIO

/// Where each stage stands on each partition, for lag metrics and health (read-only over `stage_offsets`).
public struct StageLagStore: Sendable {
    /// One partition of one stage.
    public struct Position: Sendable, Equatable {
        public var stage: String
        public var topic: String
        public var partition: Int32
        /// The next offset to apply; nil before the first commit.
        public var nextOffset: Int64?
        /// Event time of the newest event applied.
        public var newestEventAt: Date?
    }

    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// Every claimed partition of every stage.
    public func positions() async throws -> [Position] {
        return try await StoreError.wrapping {
            let rows = try await client.query(
                "SELECT stage, topic, partition, next_offset, newest_event_at FROM stage_offsets ORDER BY 1, 2, 3",
                logger: logger)
            var positions: [Position] = []
            for try await (stage, topic, partition, next, newest) in rows.decode(
                (String, String, Int32, Int64?, Date?).self)
            {
                positions.append(
                    .init(stage: stage, topic: topic, partition: partition, nextOffset: next, newestEventAt: newest))
            }
            return positions
        }
    }
}
