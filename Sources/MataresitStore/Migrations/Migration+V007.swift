extension Migration {
    /// Personal data: the erasure ledger (one row per completed erasure, which makes the erasure stage idempotent
    /// and lets `mataresit gdpr verify` know what was erased).
    static let v007PersonalData = Migration(
        version: 7, name: "personal data",
        sql: """
            -- PII-free: the erased user's id is a random identifier that no longer resolves to anyone; the counts say
            -- what the erasure removed.
            CREATE TABLE gdpr_erasures (
                erasure_id uuid PRIMARY KEY,
                user_id uuid NOT NULL,
                requested_by uuid,
                reason text NOT NULL DEFAULT '',
                requested_at timestamptz NOT NULL,
                completed_at timestamptz NOT NULL DEFAULT now(),
                counts jsonb NOT NULL DEFAULT '{}'
            );

            CREATE INDEX idx_gdpr_erasures_user ON gdpr_erasures (user_id);

            """)
}
