import Foundation
import Logging
import PostgresNIO

/// One audit row as the API shows it (hashes in hex, so a reader can check links by hand).
public struct AuditLogRecord: Sendable, Encodable, Equatable {
    public var id: Int64
    public var chain: String
    public var seq: Int64
    public var eventID: UUID?
    public var eventType: String
    public var action: String
    public var apiKeyID: UUID?
    public var userID: UUID?
    public var actorUserID: UUID?
    public var targetID: String?
    public var details: [String: String]
    public var timestamp: Date
    public var recordedAt: Date
    public var pseudonymised: Bool
    public var rowHash: String

    enum CodingKeys: String, CodingKey {
        case id, chain, seq, eventID = "event_id", eventType = "event_type", action, apiKeyID = "api_key_id"
        case userID = "user_id", actorUserID = "actor_user_id", targetID = "target_id", details, timestamp
        case recordedAt = "recorded_at", pseudonymised, rowHash = "row_hash"
    }

    /// Ids in lowercase, as the rest of the API writes them.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(chain, forKey: .chain)
        try container.encode(seq, forKey: .seq)
        try container.encodeLowercase(eventID, forKey: .eventID)
        try container.encode(eventType, forKey: .eventType)
        try container.encode(action, forKey: .action)
        try container.encodeLowercase(apiKeyID, forKey: .apiKeyID)
        try container.encodeLowercase(userID, forKey: .userID)
        try container.encodeLowercase(actorUserID, forKey: .actorUserID)
        try container.encode(targetID, forKey: .targetID)
        try container.encode(details, forKey: .details)
        try container.encode(timestamp, forKey: .timestamp)
        try container.encode(recordedAt, forKey: .recordedAt)
        try container.encode(pseudonymised, forKey: .pseudonymised)
        try container.encode(rowHash, forKey: .rowHash)
    }
}

/// Filters of the audit listing; nil = any. `action` matches the event type or the action (`api_key_expired` or
/// `expired`); `userID` matches the row's user or actor; the time range is on event time, `[from, to)`.
public struct AuditLogFilter: Sendable, Equatable {
    public var action: String?
    public var apiKeyID: UUID?
    public var userID: UUID?
    public var from: Date?
    public var to: Date?

    public init(action: String? = nil, apiKeyID: UUID? = nil, userID: UUID? = nil, from: Date? = nil, to: Date? = nil) {
        self.action = action
        self.apiKeyID = apiKeyID
        self.userID = userID
        self.from = from
        self.to = to
    }
}

/// Reads the audit log for administrators.
public struct AuditLogStore: Sendable {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// Rows matching `filter`, newest event first, with the exact total.
    public func list(_ filter: AuditLogFilter, page: Int, limit: Int) async throws -> Page<AuditLogRecord> {
        return try await StoreError.wrapping {
            let offset = Page<AuditLogRecord>.offset(page: page, limit: limit)
            let builder = try Self.conditions(filter)
            let rows = try await client.query(
                builder.query(
                    """
                    SELECT id, chain, seq, event_id, event_type, action, api_key_id, user_id, actor_user_id, target_id,
                           details::text, "timestamp", recorded_at, pseudonymised_at IS NOT NULL, encode(row_hash, 'hex')
                    FROM audit_logs WHERE \(builder.whereSQL)
                    ORDER BY "timestamp" DESC, id DESC LIMIT \(limit) OFFSET \(offset)
                    """), logger: logger)
            var records: [AuditLogRecord] = []
            for try await row in rows.decode(
                (
                    Int64, String, Int64, UUID?, String, String, UUID?, UUID?, UUID?, String?, String, Date, Date, Bool,
                    String
                ).self)
            {
                records.append(
                    AuditLogRecord(
                        id: row.0, chain: row.1, seq: row.2, eventID: row.3, eventType: row.4, action: row.5,
                        apiKeyID: row.6, userID: row.7, actorUserID: row.8, targetID: row.9,
                        details: AuditRowReader.details(row.10), timestamp: row.11, recordedAt: row.12,
                        pseudonymised: row.13, rowHash: row.14))
            }
            return Page(items: records, total: try await count(builder), page: page, limit: limit)
        }
    }

    private func count(_ builder: SQLBuilder) async throws -> Int {
        let rows = try await client.query(
            builder.query("SELECT count(*) FROM audit_logs WHERE \(builder.whereSQL)"), logger: logger)
        for try await total in rows.decode(Int.self) { return total }
        return 0
    }

    static func conditions(_ filter: AuditLogFilter) throws -> SQLBuilder {
        var builder = SQLBuilder()
        try builder.filter("event_type = $? OR action = $?", filter.action)
        try builder.filter("api_key_id = $?", filter.apiKeyID)
        try builder.filter("user_id = $? OR actor_user_id = $?", filter.userID)
        try builder.filter("\"timestamp\" >= $?", filter.from)
        try builder.filter("\"timestamp\" < $?", filter.to)
        return builder
    }
}
