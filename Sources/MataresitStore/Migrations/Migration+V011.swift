extension Migration {
    /// Failed authentications per client address in one table that every API instance shares, so the lockout holds
    /// across instances. Rows are keyed by a keyed digest of the address (never the address itself) whose secret
    /// is made once per database; rows of ended windows are pruned by the daily maintenance job.
    static let v011FailedAuthWindows = Migration(
        version: 11, name: "failed_auth_windows",
        sql: """
            CREATE TABLE failed_auth_windows (
                client_digest bytea PRIMARY KEY,
                window_start timestamptz NOT NULL,
                failures integer NOT NULL CHECK (failures > 0)
            );

            CREATE TABLE deployment_secrets (
                name text PRIMARY KEY,
                value bytea NOT NULL
            );

            INSERT INTO deployment_secrets (name, value)
            VALUES ('client_address_digest',
                    decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex'));
            """)
}
