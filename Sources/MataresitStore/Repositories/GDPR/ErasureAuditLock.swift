import Foundation
import Logging
import MataresitCore
import PostgresNIO

/// Makes "erasure complete ⇒ no audit row names the user" hold whatever order the stages run in. Every audit
/// append holds this lock shared for its transaction, and an erasure holds it exclusively before pseudonymising
/// the log. So an append either committed before the erasure's pseudonymisation ran (which then covers its rows),
/// or runs after the erasure committed and finds the user in `gdpr_erasures`, storing its entries pseudonymised.
enum ErasureAuditLock {
    /// An arbitrary constant naming the lock among the database's advisory locks.
    static let key: Int64 = 0x6D61_7461_6572_6173

    static func share(on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("SELECT pg_advisory_xact_lock_shared(\(key))", logger: logger)
    }

    static func takeExclusively(on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("SELECT pg_advisory_xact_lock(\(key))", logger: logger)
    }

    /// The users named by `entries` (as user, actor or target) whose erasure has been recorded.
    static func erasedUsers(in entries: [AuditEntry], on connection: PostgresConnection, logger: Logger)
        async throws -> Set<UUID>
    {
        var named = Set<UUID>()
        for entry in entries {
            if let user = entry.userID { named.insert(user) }
            if let actor = entry.actorUserID { named.insert(actor) }
            if let target = entry.targetID.flatMap(UUID.init(uuidString:)) { named.insert(target) }
        }
        guard !named.isEmpty else { return [] }
        let rows = try await connection.query(
            "SELECT DISTINCT user_id FROM gdpr_erasures WHERE user_id = ANY(\(Array(named))::uuid[])", logger: logger)
        var erased = Set<UUID>()
        for try await user in rows.decode(UUID.self) { erased.insert(user) }
        return erased
    }

    /// The entry with every erased user replaced by a fresh pseudonym, or nil when it names none.
    static func pseudonymised(_ entry: AuditEntry, erased: Set<UUID>) -> AuditEntry? {
        guard !erased.isEmpty else { return nil }
        let target = entry.targetID.flatMap(UUID.init(uuidString:))
        let names = [entry.userID, entry.actorUserID, target].compactMap { $0 }
        guard names.contains(where: erased.contains) else { return nil }
        let pseudonym = UUID()
        var stored = entry
        if let user = entry.userID, erased.contains(user) { stored.userID = pseudonym }
        if let actor = entry.actorUserID, erased.contains(actor) { stored.actorUserID = pseudonym }
        if let target, erased.contains(target) { stored.targetID = pseudonym.uuidString.lowercased() }
        return stored
    }
}
