import Logging
import PostgresNIO

/// A dead letter's place on the dead-letter topic.
public struct DeadLetterPosition: Hashable, Sendable {
    public let topic: String
    public let partition: Int32
    public let offset: Int64

    public init(topic: String, partition: Int32, offset: Int64) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
    }
}

/// Which dead letters were redriven (`dead_letter_redrives`).
public struct DeadLetterRedriveStore: Sendable {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// The positions of `topic` already redriven.
    public func redriven(topic: String) async throws -> Set<DeadLetterPosition> {
        return try await StoreError.wrapping {
            let rows = try await client.query(
                "SELECT dlq_partition, dlq_offset FROM dead_letter_redrives WHERE dlq_topic = \(topic)", logger: logger)
            var positions: Set<DeadLetterPosition> = []
            for try await (partition, offset) in rows.decode((Int32, Int64).self) {
                positions.insert(DeadLetterPosition(topic: topic, partition: partition, offset: offset))
            }
            return positions
        }
    }

    /// Records letters as redriven (again is fine).
    public func record(_ letters: [(position: DeadLetterPosition, stage: String)]) async throws {
        guard !letters.isEmpty else { return }
        try await StoreError.wrapping {
            try await client.query(
                """
                INSERT INTO dead_letter_redrives (dlq_topic, dlq_partition, dlq_offset, stage)
                SELECT * FROM unnest(\(letters.map(\.position.topic))::text[], \(letters.map(\.position.partition))::int[],
                                     \(letters.map(\.position.offset))::bigint[], \(letters.map(\.stage))::text[])
                ON CONFLICT DO NOTHING
                """, logger: logger)
        }
    }
}
