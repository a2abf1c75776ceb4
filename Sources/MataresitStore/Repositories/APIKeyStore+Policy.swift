import Foundation
import MataresitCore
import PostgresNIO

extension APIKeyStore {
    /// Runs `write` in one transaction that first locks the target row and asks the key policy about its current
    /// state: a concurrent revocation either committed before (and is seen here) or waits for this transaction,
    /// so no check can be overtaken by a change it did not see.
    func underPolicy<Value: Sendable>(
        _ action: KeyPolicy.Action, id: UUID, userID: UUID, by actor: KeyActor,
        _ write: (PostgresConnection, KeyState) async throws -> Value
    ) async throws -> KeyOutcome<Value> {
        return try await StoreError.wrapping {
            return try await client.withTransaction(logger: logger) { connection in
                guard let state = try await lockedState(id: id, userID: userID, on: connection) else {
                    return .notFound
                }
                if let refusal = KeyPolicy.refusal(of: action, by: actor, on: state, at: Date()) {
                    return .refused(refusal)
                }
                return .done(try await write(connection, state))
            }
        }
    }

    /// The user's key `id` as the policy sees it, its row locked until the transaction ends; nil when not theirs.
    func lockedState(id: UUID, userID: UUID, on connection: PostgresConnection) async throws -> KeyState? {
        let rows = try await connection.query(
            """
            SELECT id, scopes, is_active, revoked_at, expires_at, rotated_to, allowed_ips FROM api_keys
            WHERE id = \(id) AND user_id = \(userID)
            FOR UPDATE
            """, logger: logger)
        for try await row in rows.decode((UUID, [String], Bool, Date?, Date?, UUID?, [String]).self) {
            return KeyState(
                id: row.0, scopes: row.1.compactMap(Scope.init(rawValue:)), isActive: row.2, revokedAt: row.3,
                expiresAt: row.4, rotatedTo: row.5, allowedIPs: row.6)
        }
        return nil
    }
}
