import Foundation
import Logging
import PostgresNIO

/// A stage's hold on one topic partition: the fencing epoch it claimed and where to resume.
public struct PartitionClaim: Sendable, Equatable {
    public let topic: String
    public let partition: Int32
    public let epoch: Int64
    /// Next offset to read; nil when the stage has never committed this partition.
    public let nextOffset: Int64?
}

/// Where a batch leaves one partition, committed together with the batch's rows.
public struct PartitionPosition: Sendable, Equatable {
    public let topic: String
    public let partition: Int32
    public let epoch: Int64
    public let nextOffset: Int64
    /// Event time of the newest event applied (freshness: `as_of`).
    public let newestEventMicros: Int64

    public init(topic: String, partition: Int32, epoch: Int64, nextOffset: Int64, newestEventMicros: Int64) {
        self.topic = topic
        self.partition = partition
        self.epoch = epoch
        self.nextOffset = nextOffset
        self.newestEventMicros = newestEventMicros
    }
}

/// Stage offsets live in Postgres, committed in the same transaction as the rows they produced.
/// Each assignment bumps the partition's epoch; each commit checks it, so a zombie worker cannot commit.
public struct StageOffsetStore: Sendable {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// Claims partitions for `owner`: bumps each epoch and returns it with the stored position.
    public func claim(stage: String, partitions: [(topic: String, partition: Int32)], owner: String)
        async throws -> [PartitionClaim]
    {
        guard !partitions.isEmpty else { return [] }
        return try await StoreError.wrapping {
            let topics = partitions.map(\.topic), numbers = partitions.map(\.partition)
            let rows = try await client.query(
                """
                INSERT INTO stage_offsets AS s (stage, topic, partition, epoch, owner, claimed_at)
                SELECT \(stage), t, p, 1, \(owner), now() FROM unnest(\(topics)::text[], \(numbers)::int[]) AS u(t, p)
                ON CONFLICT (stage, topic, partition) DO UPDATE
                    SET epoch = s.epoch + 1, owner = EXCLUDED.owner, claimed_at = now()
                RETURNING topic, partition, epoch, next_offset
                """, logger: logger)
            var claims: [PartitionClaim] = []
            for try await (topic, partition, epoch, next) in rows.decode((String, Int32, Int64, Int64?).self) {
                claims.append(PartitionClaim(topic: topic, partition: partition, epoch: epoch, nextOffset: next))
            }
            return claims
        }
    }

    /// Inside the stage transaction: moves every partition to its new position, failing with
    /// `StoreError.fenced` when any epoch is stale. Call it first in the transaction: it takes the row locks.
    public static func advance(
        stage: String, to positions: [PartitionPosition], on connection: PostgresConnection, logger: Logger
    ) async throws {
        guard !positions.isEmpty else { return }
        let topics = positions.map(\.topic), partitions = positions.map(\.partition)
        let epochs = positions.map(\.epoch), offsets = positions.map(\.nextOffset)
        let newest = positions.map(\.newestEventMicros)
        let rows = try await connection.query(
            """
            UPDATE stage_offsets AS s
            SET next_offset = u.next_offset, committed_at = now(),
                newest_event_at = GREATEST(s.newest_event_at, to_timestamp(u.newest / 1000000.0))
            FROM unnest(\(topics)::text[], \(partitions)::int[], \(epochs)::bigint[], \(offsets)::bigint[],
                        \(newest)::bigint[]) AS u(topic, partition, epoch, next_offset, newest)
            WHERE s.stage = \(stage) AND s.topic = u.topic AND s.partition = u.partition AND s.epoch = u.epoch
            RETURNING s.topic, s.partition
            """, logger: logger)
        var advanced: Set<String> = []
        for try await (topic, partition) in rows.decode((String, Int32).self) {
            advanced.insert("\(topic)/\(partition)")
        }
        if let stale = positions.first(where: { !advanced.contains("\($0.topic)/\($0.partition)") }) {
            throw StoreError.fenced(stage: stage, topic: stale.topic, partition: stale.partition, epoch: stale.epoch)
        }
    }

    /// Freshness of a stage: newest event time applied and last commit time, over all its partitions.
    public func freshness(stage: String) async throws -> (asOf: Date?, committedAt: Date?) {
        return try await StoreError.wrapping {
            let rows = try await client.query(
                "SELECT max(newest_event_at), max(committed_at) FROM stage_offsets WHERE stage = \(stage)",
                logger: logger)
            for try await (asOf, committed) in rows.decode((Date?, Date?).self) { return (asOf, committed) }
            return (nil, nil)
        }
    }
}
