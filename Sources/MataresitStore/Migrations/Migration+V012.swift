extension Migration {
    /// Rate limits as GCRA cells: one theoretical arrival time per subject and window, shared by every API instance,
    /// replacing the fixed calendar windows of version 3 (which let twice a limit through across a boundary).
    /// `take_rate_limit_slots` grants up to `p_want` admissions that every window conforms to, at the database's
    /// clock, so instances with skewed clocks still agree. Times are nanoseconds since the Unix epoch.
    static let v012RateLimitCells = Migration(
        version: 12, name: "rate_limit_cells",
        sql: """
            DROP FUNCTION lease_rate_limit_tokens(uuid, text, timestamptz, timestamptz, integer, integer);

            DROP TABLE rate_limit_leases;

            CREATE TABLE rate_limit_cells (
                subject uuid NOT NULL,
                window_name text NOT NULL,
                arrival_ns bigint NOT NULL,
                PRIMARY KEY (subject, window_name)
            );

            CREATE FUNCTION take_rate_limit_slots(
                p_subject uuid, p_windows text[], p_interval_ns bigint[], p_tolerance_ns bigint[], p_want integer)
            RETURNS TABLE (granted integer, remaining integer[], retry_after_ns bigint[], reset_after_ns bigint[])
            LANGUAGE plpgsql AS $$
            DECLARE
                v_now bigint := (extract(epoch FROM clock_timestamp()) * 1000000000)::bigint;
                v_arrival bigint[] := '{}';
                v_available bigint[] := '{}';
                v_granted bigint := p_want;
                v_stored bigint;
                v_slack bigint;
                v_next bigint;
                i integer;
            BEGIN
                remaining := '{}'; retry_after_ns := '{}'; reset_after_ns := '{}';
                FOR i IN 1 .. cardinality(p_windows) LOOP
                    INSERT INTO rate_limit_cells (subject, window_name, arrival_ns)
                    VALUES (p_subject, p_windows[i], v_now) ON CONFLICT DO NOTHING;
                    SELECT c.arrival_ns INTO v_stored FROM rate_limit_cells c
                    WHERE c.subject = p_subject AND c.window_name = p_windows[i] FOR UPDATE;
                    v_arrival := v_arrival || GREATEST(v_stored, v_now);
                    v_slack := v_now + p_tolerance_ns[i] - v_arrival[i];
                    v_available := v_available || CASE WHEN v_slack < 0 THEN 0 ELSE v_slack / p_interval_ns[i] + 1 END;
                    v_granted := LEAST(v_granted, v_available[i]);
                END LOOP;
                v_granted := GREATEST(v_granted, 0);
                FOR i IN 1 .. cardinality(p_windows) LOOP
                    v_next := v_arrival[i] + v_granted * p_interval_ns[i];
                    IF v_granted > 0 THEN
                        UPDATE rate_limit_cells c SET arrival_ns = v_next
                        WHERE c.subject = p_subject AND c.window_name = p_windows[i];
                    END IF;
                    remaining := remaining || LEAST(v_available[i] - v_granted, 2147483647)::integer;
                    retry_after_ns := retry_after_ns || GREATEST(0, v_next - p_tolerance_ns[i] - v_now);
                    reset_after_ns := reset_after_ns || (v_next - v_now);
                END LOOP;
                granted := v_granted::integer;
                RETURN NEXT;
            END $$;
            """)
}
