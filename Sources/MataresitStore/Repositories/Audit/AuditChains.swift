/// Names of the audit log's hash chains (see `AuditLogWriter` for why there are several).
public enum AuditChains {
    /// The audit stage's one chain: every worker's batch locks its head, so the chain follows commit order.
    public static let stage = "audit"
    /// Receipts appended by the erasure stage.
    public static let erasure = "erasure"
    /// Rows appended directly by maintenance jobs (none today: the key-expiry job emits events).
    public static let maintenance = "maintenance"
}
