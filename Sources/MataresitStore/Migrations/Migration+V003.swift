extension Migration {
    /// Rate-limit token leases shared by every API instance, and the key lifecycle columns for rotation.
    static let v003RateLimitLeases = Migration(
        version: 3, name: "rate limit leases",
        sql: """
            -- Tokens of one key's window handed out to API instances. The sum never exceeds the window's
            -- limit, so all instances together admit at most the limit.
            CREATE TABLE rate_limit_leases (
                api_key_id uuid NOT NULL,
                window_name text NOT NULL,
                window_start timestamptz NOT NULL,
                window_end timestamptz NOT NULL,
                granted integer NOT NULL CHECK (granted >= 0),
                updated_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (api_key_id, window_name, window_start)
            );

            CREATE INDEX idx_rate_limit_leases_end ON rate_limit_leases (window_end);

            -- Leases up to `want` tokens without passing `lim`; returns how many were granted now and in total.
            CREATE FUNCTION lease_rate_limit_tokens(
                p_key uuid, p_window text, p_start timestamptz, p_end timestamptz, p_limit integer, p_want integer)
            RETURNS TABLE (granted_now integer, granted_total integer) LANGUAGE plpgsql AS $$
            DECLARE
                v_total integer;
                v_now integer;
            BEGIN
                INSERT INTO rate_limit_leases (api_key_id, window_name, window_start, window_end, granted)
                VALUES (p_key, p_window, p_start, p_end, 0) ON CONFLICT DO NOTHING;
                SELECT l.granted INTO v_total FROM rate_limit_leases l
                WHERE l.api_key_id = p_key AND l.window_name = p_window AND l.window_start = p_start FOR UPDATE;
                v_now := LEAST(p_want, GREATEST(0, p_limit - v_total));
                UPDATE rate_limit_leases l SET granted = v_total + v_now, updated_at = now()
                WHERE l.api_key_id = p_key AND l.window_name = p_window AND l.window_start = p_start;
                RETURN QUERY SELECT v_now, v_total + v_now;
            END $$;

            ALTER TABLE api_keys ADD COLUMN rotated_to uuid REFERENCES api_keys (id) ON DELETE SET NULL;

            ALTER TABLE api_keys ADD COLUMN revoked_at timestamptz;
            """)
}
