import Foundation
import MataresitCore
import MataresitStore
import Testing

/// Helpers for the key-policy regression tests: key ids, key rows, and the refusal's audit row.
extension TestDatabase {
    /// The id of the key whose secret is `key`.
    func keyID(of key: APIKeySecret) async throws -> UUID {
        let rows = try await client.query("SELECT id FROM api_keys WHERE key_hash = \(key.hash)", logger: logger)
        for try await id in rows.decode(UUID.self) { return id }
        throw StoreError.notFound("key \(key)")
    }

    /// How many keys `user` has.
    func keyCount(of user: UUID) async throws -> Int {
        try await scalar("SELECT count(*) FROM api_keys WHERE user_id = \(user)")
    }

    /// Waits until the audit log holds a `key_policy_denied` row by `actor` naming `rule`; whether it arrived.
    func awaitRefusalRow(by actor: UUID?, rule: String, timeout: Duration = .seconds(40)) async throws -> Bool {
        try await eventually(timeout: timeout) {
            try await scalar(
                """
                SELECT count(*) FROM audit_logs WHERE event_type = 'security_key_policy_denied'
                AND api_key_id IS NOT DISTINCT FROM \(actor) AND details->>'detail' LIKE \("%" + rule)
                """) >= 1
        }
    }
}

extension HTTPResult {
    /// Whether this is the key policy's refusal: 403 INSUFFICIENT_PERMISSIONS in the error envelope.
    var isPolicyRefusal: Bool {
        status == 403 && code == "INSUFFICIENT_PERMISSIONS" && header("X-Error-Code") == "INSUFFICIENT_PERMISSIONS"
            && json?["error"] as? Bool == true && !(json?["message"] as? String ?? "").isEmpty
    }
}
