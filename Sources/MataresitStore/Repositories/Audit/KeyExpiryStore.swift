import Foundation
import Logging
import MataresitCore
import PostgresNIO

/// A key the expiry job changed.
public struct ExpiredKey: Sendable, Equatable {
    public var id: UUID
    public var userID: UUID
    public var keyPrefix: String
    public var expiresAt: Date?
}

/// What one run of the key-expiry job did.
public struct KeyExpiryOutcome: Sendable, Equatable {
    /// Keys deactivated because they expired (rotated keys past their grace period included).
    public var expired: [ExpiredKey] = []
    /// Active keys flagged for rotation (older than the maximum age).
    public var flagged: [ExpiredKey] = []
}

/// The key-expiry job's writes (the seed's `rotate_expired_api_keys`), in one transaction: expired active keys are
/// deactivated and older ones flagged, each with an audit row appended in the same transaction (so the record can
/// never be missing). Concurrent runs are safe: a key's row lock makes the second run find it already changed.
public enum KeyExpiryStore {
    public static func run(
        now: Date, maxAgeDays: Int?, on connection: PostgresConnection, logger: Logger
    ) async throws -> KeyExpiryOutcome {
        var outcome = KeyExpiryOutcome()
        outcome.expired = try await keys(
            try await connection.query(
                """
                UPDATE api_keys SET is_active = false, updated_at = now()
                WHERE is_active AND expires_at <= \(now)
                RETURNING id, user_id, key_prefix, expires_at
                """, logger: logger))
        if let maxAgeDays {
            outcome.flagged = try await keys(
                try await connection.query(
                    """
                    UPDATE api_keys SET rotation_due_at = \(now), updated_at = now()
                    WHERE is_active AND rotation_due_at IS NULL
                      AND created_at <= \(now) - make_interval(days => \(maxAgeDays)::integer)
                    RETURNING id, user_id, key_prefix, expires_at
                    """, logger: logger))
        }
        let entries =
            outcome.expired.map { entry($0, type: "api_key_expired", action: "expired", now: now) }
            + outcome.flagged.map { entry($0, type: "api_key_rotation_due", action: "rotation_due", now: now) }
        _ = try await AuditLogWriter.append(entries, chain: AuditChains.maintenance, on: connection, logger: logger)
        return outcome
    }

    /// The lifecycle event of an expired key; its id is also the id of the audit row written here, so the audit
    /// stage recognises the event as already recorded.
    public static func event(for key: ExpiredKey, id: UUID, now: Date, producer: String) -> EventEnvelope {
        EventEnvelope(
            id: id, occurredAtMicros: now.microsecondsSince1970, producer: producer,
            payload: .apiKeyLifecycle(
                .init(
                    apiKeyID: key.id, userID: key.userID, action: .expired, keyPrefix: key.keyPrefix,
                    expiresAt: key.expiresAt)))
    }

    /// The id shared by an expired key's audit row and its event (deterministic: one per key and expiry).
    public static func eventID(for key: ExpiredKey) -> UUID {
        let digest = AuditHash.personalDigest(
            salt: Array("key-expired".utf8), userID: key.id, actorUserID: nil,
            targetID: key.expiresAt.map { String($0.microsecondsSince1970) })
        var bytes = Array(digest.prefix(16))
        bytes[6] = (bytes[6] & 0x0f) | 0x50  // a name-based UUID (version 5 layout)
        bytes[8] = (bytes[8] & 0x3f) | 0x80
        return UUID(
            uuid: (
                bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7], bytes[8],
                bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
            ))
    }

    static func entry(_ key: ExpiredKey, type: String, action: String, now: Date) -> AuditEntry {
        var details = ["key_prefix": key.keyPrefix]
        if let expiresAt = key.expiresAt { details["expires_at"] = ISO8601DateFormatter().string(from: expiresAt) }
        return AuditEntry(
            eventID: action == "expired" ? eventID(for: key) : nil, eventType: type, action: action, apiKeyID: key.id,
            userID: key.userID, details: details, occurredAtMicros: now.microsecondsSince1970)
    }

    private static func keys(_ rows: PostgresRowSequence) async throws -> [ExpiredKey] {
        var keys: [ExpiredKey] = []
        for try await (id, user, prefix, expiresAt) in rows.decode((UUID, UUID, String, Date?).self) {
            keys.append(ExpiredKey(id: id, userID: user, keyPrefix: prefix, expiresAt: expiresAt))
        }
        return keys
    }
}
