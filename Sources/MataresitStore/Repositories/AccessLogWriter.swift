import Foundation
import Logging
import MataresitCore
import PostgresNIO

/// Which of a batch's events an insert added: all of them (the common case), or only these.
public enum InsertedEvents: Sendable, Equatable {
    case all
    case only(Set<UUID>)

    /// The rows whose events were added.
    public func filter(_ rows: [AccessLogRow]) -> [AccessLogRow] {
        switch self {
        case .all: rows
        case .only(let ids): rows.filter { ids.contains($0.eventID) }
        }
    }

    public func count(of rows: [AccessLogRow]) -> Int {
        switch self {
        case .all: rows.count
        case .only(let ids): ids.count
        }
    }
}

/// Writes access-log rows inside a stage transaction. Duplicated events (producer retries, spool re-sends) are
/// rare, so the rows are first COPYed straight into `api_access_logs` (the raw COPY rate); when one of them is
/// already there, that COPY is undone (savepoint) and the batch goes through a staging table and
/// `INSERT ... ON CONFLICT DO NOTHING`, which absorbs the duplicates.
public enum AccessLogWriter {
    /// The columns of `api_access_logs` it writes, in ``format(_:)``'s order (the bench's raw COPY uses them too).
    public static let columns = [
        "event_id", "api_key_id", "user_id", "team_id", "endpoint", "route", "method", "status_code",
        "response_time_ms", "ip_address", "user_agent", "request_size_bytes", "response_size_bytes",
        "error_message", "rate_limited", "timestamp"
    ]

    /// Inserts the rows (one per event id); returns which were new. Co-hosted aggregates fold only those: the
    /// table's primary key is their duplicate filter.
    /// `copyText`: the rows already in COPY text (see ``format(_:)``), made outside the transaction.
    public static func insert(
        _ rows: [AccessLogRow], copyText: ByteBuffer? = nil, on connection: PostgresConnection, logger: Logger
    ) async throws -> InsertedEvents {
        guard !rows.isEmpty else { return .only([]) }
        let payload = copyText ?? format(rows)
        try await connection.query("SAVEPOINT access_log_copy", logger: logger)
        do {
            try await connection.copyFrom(table: "api_access_logs", columns: columns, logger: logger) { writer in
                try await writer.write(payload)
            }
        } catch  where StoreError.sqlState(of: error) == "23505" {  // unique_violation: an event already stored
            try await connection.query("ROLLBACK TO SAVEPOINT access_log_copy", logger: logger)
            return .only(try await insertSkippingDuplicates(payload, on: connection, logger: logger))
        }
        try await connection.query("RELEASE SAVEPOINT access_log_copy", logger: logger)
        return .all
    }

    private static func insertSkippingDuplicates(
        _ payload: ByteBuffer, on connection: PostgresConnection, logger: Logger
    )
        async throws -> Set<UUID>
    {
        try await connection.query(
            """
            CREATE TEMP TABLE IF NOT EXISTS access_log_staging
                (LIKE api_access_logs INCLUDING DEFAULTS) ON COMMIT DELETE ROWS
            """, logger: logger)
        try await connection.copyFrom(table: "access_log_staging", columns: columns, logger: logger) { writer in
            try await writer.write(payload)
        }
        let columnList = columns.map { "\"\($0)\"" }.joined(separator: ", ")
        let inserted = try await connection.query(
            """
            INSERT INTO api_access_logs (\(unescaped: columnList))
            SELECT \(unescaped: columnList) FROM access_log_staging
            ON CONFLICT DO NOTHING
            RETURNING event_id
            """, logger: logger)
        var fresh = Set<UUID>()
        for try await id in inserted.decode(UUID.self) { fresh.insert(id) }
        return fresh
    }

    /// COPY text of the rows, in `columns` order.
    public static func format(_ rows: [AccessLogRow]) -> ByteBuffer {
        var copy = CopyTextFormat(capacity: rows.count * 160)
        for row in rows {
            copy.uuid(row.eventID)
            copy.uuid(row.apiKeyID)
            copy.uuid(row.userID)
            copy.uuid(row.teamID)
            copy.text(row.endpoint)
            copy.text(row.route)
            copy.text(row.method)
            copy.int(row.statusCode)
            copy.int(row.responseTimeMs)
            copy.text(row.ipAddress)
            copy.text(row.userAgent)
            copy.int(row.requestBytes)
            copy.int(row.responseBytes)
            copy.text(row.errorCode)
            copy.bool(row.rateLimited)
            copy.timestamp(micros: row.occurredAtMicros)
            copy.endRow()
        }
        return copy.buffer
    }

    /// Creates the day partitions for these rows' days (idempotent; call outside the stage transaction).
    public static func ensurePartitions(days: Set<String>, client: PostgresClient, logger: Logger) async throws {
        guard !days.isEmpty else { return }
        let list = Array(days)
        let rows = try await client.query(
            "SELECT ensure_access_log_partition(day::date) FROM unnest(\(list)::text[]) AS day", logger: logger)
        // postgres-nio hands back the rows as soon as their description arrives: only reading them all waits for
        // the statement (and its autocommit) to finish. A COPY on another connection must find the partitions.
        for try await _ in rows {}
    }
}
