import Foundation
import MataresitCore
import MataresitStore
import PostgresNIO
import Testing

/// The store asks the key policy on the target row locked in the writing transaction: an operation that starts
/// while a revocation is still uncommitted waits for it and then sees the key revoked, instead of acting on the
/// state it read before.
@Suite("Key policy in the store: a concurrent revocation is never overtaken")
struct KeyPolicyRaceTests {
    enum Attempt: String, CaseIterable { case rotate, update }

    @Test("waiting for an uncommitted revocation, rotate or update is refused", arguments: Attempt.allCases)
    func waitsForRevocation(_ attempt: Attempt) async throws {
        try await TestDatabase.with { database in
            let tenant = try await TestTenant.create(in: database)
            let id = try await database.keyID(of: tenant.key), user = tenant.user.id
            let store = APIKeyStore(client: database.client, logger: database.logger)
            let (waited, refusal) = try await database.client.withConnection { revoker in
                _ = try await revoker.query("BEGIN", logger: database.logger)
                let revocation: PostgresQuery =
                    "UPDATE api_keys SET is_active = false, revoked_at = now() WHERE id = \(id)"
                _ = try await revoker.query(revocation, logger: database.logger)
                async let outcome = Self.run(attempt, store: store, id: id, user: user)
                let waited = try await eventually { try await database.lockWaiters() >= 1 }
                _ = try await revoker.query("COMMIT", logger: database.logger)
                return (waited, try await outcome)
            }
            #expect(waited, "the \(attempt) waited on the revocation's row lock")
            #expect(refusal == .revokedIsTerminal)
            #expect(try await database.keyCount(of: user) == 1, "no successor")
            #expect(try await database.scalar("SELECT count(*) FROM api_keys WHERE name = 'raced'") == 0)
        }
    }

    /// The attempt's refusal; nil when it was not refused.
    static func run(_ attempt: Attempt, store: APIKeyStore, id: UUID, user: UUID) async throws -> KeyRefusal? {
        switch attempt {
        case .rotate:
            let secret = APIKeySecret.generate(mode: .test)
            let outcome = try await store.rotate(
                id: id, userID: user, secret: secret, grace: .seconds(60), by: .operator)
            if case .refused(let refusal) = outcome { return refusal }
        case .update:
            let outcome = try await store.update(
                id: id, userID: user, changes: KeyChanges(name: "raced"), by: .operator)
            if case .refused(let refusal) = outcome { return refusal }
        }
        return nil
    }
}

extension TestDatabase {
    /// Sessions of this database waiting for a lock.
    func lockWaiters() async throws -> Int {
        try await scalar(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")
    }
}
