/// Refuses a `DATABASE_URL` that names a transaction pooler. Mataresit needs a session for each connection's life:
/// stages fence partitions with session advisory locks and postgres-nio prepares statements per connection, and a
/// transaction pooler (PgBouncer or Supavisor in transaction mode) hands each transaction to any server connection.
/// A session pooler, or a direct connection, is fine. See ops/README.md.
enum TransactionPoolerCheck {
    static func refuse(host: String?, port: Int, parameters: [String: String]) throws {
        let supavisorTransactionMode = (host ?? "").hasSuffix(".pooler.supabase.com") && port == 6543
        let flagged = parameters["pgbouncer"] == "true"
        guard supavisorTransactionMode || flagged else { return }
        throw StoreError.configuration(
            "DATABASE_URL points at a transaction pooler (\(flagged ? "pgbouncer=true" : "Supavisor port 6543")): "
                + "Mataresit needs session-mode connections (advisory locks, prepared statements). Use the session "
                + "pooler (Supabase: port 5432 of the pooler host) or a direct connection")
    }
}
