extension Migration {
    /// The audit stage: the seed's `audit_logs` (event_type, details, timestamp) made append-only and tamper-evident
    /// by per-chain SHA-256 links, the chain heads, and the key-expiry job's run ledger.
    static let v005AuditLog = Migration(
        version: 5, name: "audit log",
        sql: """
            -- One row per audited event. Each row belongs to a chain (the audit stage: one chain per partition of
            -- audit.events.v1; other writers their own) and links to the previous row of its chain: row_hash =
            -- SHA-256(prev_hash || canonical row) (see AuditHash). Personal fields (user_id, actor_user_id, target_id)
            -- are covered only through personal_digest = SHA-256(personal_salt || fields), so an erasure can blank them
            -- and drop the salt without breaking the chain.
            CREATE TABLE audit_logs (
                id bigserial PRIMARY KEY,
                chain text NOT NULL,
                seq bigint NOT NULL,
                event_id uuid,
                event_type text NOT NULL,
                action text NOT NULL,
                api_key_id uuid,
                user_id uuid,
                actor_user_id uuid,
                target_id text,
                personal_salt bytea,
                personal_digest bytea NOT NULL,
                details jsonb NOT NULL DEFAULT '{}',
                "timestamp" timestamptz NOT NULL,
                recorded_at timestamptz NOT NULL DEFAULT now(),
                pseudonymised_at timestamptz,
                prev_hash bytea NOT NULL,
                row_hash bytea NOT NULL,
                UNIQUE (chain, seq)
            );

            -- A source event is recorded once per event type (duplicates from retries and re-sends are absorbed).
            CREATE UNIQUE INDEX idx_audit_logs_event ON audit_logs (event_type, event_id) WHERE event_id IS NOT NULL;

            CREATE INDEX idx_audit_logs_timestamp ON audit_logs ("timestamp" DESC, id DESC);

            CREATE INDEX idx_audit_logs_api_key ON audit_logs (api_key_id, "timestamp" DESC) WHERE api_key_id IS NOT NULL;

            CREATE INDEX idx_audit_logs_user ON audit_logs (user_id) WHERE user_id IS NOT NULL;

            CREATE INDEX idx_audit_logs_actor ON audit_logs (actor_user_id) WHERE actor_user_id IS NOT NULL;

            -- The newest link of each chain (locked by every append) and its anchor: the seq and hash just before the
            -- oldest kept row, moved forward when retention drops a prefix of the chain.
            CREATE TABLE audit_chain_heads (
                chain text PRIMARY KEY,
                last_seq bigint NOT NULL DEFAULT 0,
                last_hash bytea NOT NULL DEFAULT '\\x0000000000000000000000000000000000000000000000000000000000000000',
                anchor_seq bigint NOT NULL DEFAULT 0,
                anchor_hash bytea NOT NULL DEFAULT '\\x0000000000000000000000000000000000000000000000000000000000000000',
                updated_at timestamptz NOT NULL DEFAULT now()
            );

            -- Daily maintenance jobs (key expiry, ledger pruning): one row per job and UTC day, so that of several
            -- workers only one runs it.
            CREATE TABLE maintenance_runs (
                job text NOT NULL,
                day date NOT NULL,
                owner text NOT NULL,
                started_at timestamptz NOT NULL DEFAULT now(),
                finished_at timestamptz,
                summary jsonb NOT NULL DEFAULT '{}',
                PRIMARY KEY (job, day)
            );

            -- Keys flagged for rotation (older than API_KEY_MAX_AGE_DAYS while ENABLE_API_KEY_ROTATION is on).
            ALTER TABLE api_keys ADD COLUMN IF NOT EXISTS rotation_due_at timestamptz;

            """)
}
