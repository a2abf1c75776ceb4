import Foundation
import Logging
import PostgresNIO

/// Where a stage resumes on one partition it has committed.
public struct CommittedOffset: Sendable, Equatable {
    public let topic: String
    public let partition: Int32
    public let nextOffset: Int64
}

extension StageOffsetStore {
    /// Every partition `stage` has committed, with its next offset.
    public func committed(stage: String) async throws -> [CommittedOffset] {
        try await StoreError.wrapping {
            try await Self.decode(client.query(Self.committedQuery(stage: stage, locking: false), logger: logger))
        }
    }

    /// The same on `connection`, each row locked until its transaction ends (a replay's swap holds the stage still).
    public static func committedLocked(stage: String, on connection: PostgresConnection, logger: Logger) async throws
        -> [CommittedOffset]
    {
        try await StoreError.wrapping {
            try await decode(connection.query(committedQuery(stage: stage, locking: true), logger: logger))
        }
    }

    private static func committedQuery(stage: String, locking: Bool) -> PostgresQuery {
        locking
            ? "SELECT topic, partition, next_offset FROM stage_offsets WHERE stage = \(stage) AND next_offset IS NOT NULL FOR UPDATE"
            : "SELECT topic, partition, next_offset FROM stage_offsets WHERE stage = \(stage) AND next_offset IS NOT NULL"
    }

    private static func decode(_ rows: PostgresRowSequence) async throws -> [CommittedOffset] {
        var offsets: [CommittedOffset] = []
        for try await (topic, partition, next) in rows.decode((String, Int32, Int64).self) {
            offsets.append(CommittedOffset(topic: topic, partition: partition, nextOffset: next))
        }
        return offsets
    }
}
