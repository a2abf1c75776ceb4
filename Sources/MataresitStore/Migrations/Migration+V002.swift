extension Migration {
    /// usage-summary and rate-limit-stats: their aggregate tables, the per-stage event ledger that makes them
    /// idempotent, and the seed's two monitoring views (the oracles the projections must equal).
    static let v002UsageProjections = Migration(
        version: 2, name: "usage projections",
        sql: """
            -- Which events each aggregate stage has applied: the stage's idempotency key. A stage inserts its batch's
            -- event ids with ON CONFLICT DO NOTHING RETURNING and aggregates only the returned (new) ones, in the
            -- transaction that also advances its offsets. Partitioned by the event's UTC day so that old days are
            -- dropped whole (see prune_stage_applied_events).
            CREATE TABLE stage_applied_events (
                stage text NOT NULL,
                event_id uuid NOT NULL,
                day date NOT NULL,
                PRIMARY KEY (stage, event_id, day)
            ) PARTITION BY RANGE (day);

            -- Days before `pruned_before` have been pruned from the ledger: events of those days are no longer
            -- applied by the aggregate stages (a duplicate could no longer be recognised).
            CREATE TABLE stage_dedupe_horizon (
                singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
                pruned_before date NOT NULL DEFAULT '-infinity'
            );

            INSERT INTO stage_dedupe_horizon DEFAULT VALUES;

            -- Creates the ledger partition of `day` if it is missing and not pruned; safe under concurrency.
            CREATE FUNCTION ensure_stage_applied_partition(day date) RETURNS void LANGUAGE plpgsql AS $$
            DECLARE
                partition_name text := format('stage_applied_events_%s', to_char(day, 'YYYYMMDD'));
            BEGIN
                IF day < (SELECT pruned_before FROM stage_dedupe_horizon) THEN
                    RETURN;
                END IF;
                PERFORM pg_advisory_xact_lock(hashtext(partition_name));
                EXECUTE format(
                    'CREATE TABLE IF NOT EXISTS %I PARTITION OF stage_applied_events FOR VALUES FROM (%L) TO (%L)',
                    partition_name, day, day + 1);
            END $$;

            -- Drops ledger partitions of days older than `keep_days` before today (UTC) and moves the horizon there.
            -- `keep_days` must exceed the longest a duplicate can trail its original (Kafka retention plus the
            -- longest spool outage); returns the number of partitions dropped.
            CREATE FUNCTION prune_stage_applied_events(keep_days integer) RETURNS integer LANGUAGE plpgsql AS $$
            DECLARE
                cutoff date := (now() AT TIME ZONE 'UTC')::date - keep_days;
                dropped integer := 0;
                part record;
            BEGIN
                UPDATE stage_dedupe_horizon SET pruned_before = GREATEST(pruned_before, cutoff);
                FOR part IN
                    SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                    WHERE i.inhparent = 'stage_applied_events'::regclass
                      AND c.relname < format('stage_applied_events_%s', to_char(cutoff, 'YYYYMMDD'))
                LOOP
                    EXECUTE format('DROP TABLE %I', part.relname);
                    dropped := dropped + 1;
                END LOOP;
                RETURN dropped;
            END $$;

            -- Element-wise sum of two latency histograms of any lengths (see LatencyHistogram).
            CREATE FUNCTION histogram_add(a bigint[], b bigint[]) RETURNS bigint[]
            LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
                SELECT COALESCE(array_agg(COALESCE(x, 0) + COALESCE(y, 0) ORDER BY n), '{}')
                FROM unnest(a, b) WITH ORDINALITY AS t(x, y, n)
            $$;

            -- usage-summary, per API key. Mean response time = sum_response_time_ms / response_time_count.
            CREATE TABLE api_key_usage (
                api_key_id uuid PRIMARY KEY,
                total_requests bigint NOT NULL DEFAULT 0,
                error_count bigint NOT NULL DEFAULT 0,
                sum_response_time_ms bigint NOT NULL DEFAULT 0,
                response_time_count bigint NOT NULL DEFAULT 0,
                last_used timestamptz,
                latency_histogram bigint[] NOT NULL DEFAULT '{}',
                updated_at timestamptz NOT NULL DEFAULT now()
            );

            -- usage-summary, per API key per UTC day.
            CREATE TABLE api_key_usage_daily (
                api_key_id uuid NOT NULL,
                day date NOT NULL,
                total_requests bigint NOT NULL DEFAULT 0,
                error_count bigint NOT NULL DEFAULT 0,
                sum_response_time_ms bigint NOT NULL DEFAULT 0,
                response_time_count bigint NOT NULL DEFAULT 0,
                last_used timestamptz,
                latency_histogram bigint[] NOT NULL DEFAULT '{}',
                updated_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (api_key_id, day)
            );

            -- rate-limit-stats, per event-time UTC hour per API key (authenticated traffic).
            CREATE TABLE rate_limit_hourly (
                api_key_id uuid NOT NULL,
                hour timestamptz NOT NULL,
                total_requests bigint NOT NULL DEFAULT 0,
                rate_limited_requests bigint NOT NULL DEFAULT 0,
                PRIMARY KEY (api_key_id, hour)
            );

            -- rate-limit-stats, per event-time UTC hour over all traffic (the seed's rate_limit_stats, every hour kept).
            CREATE TABLE rate_limit_hourly_total (
                hour timestamptz PRIMARY KEY,
                total_requests bigint NOT NULL DEFAULT 0,
                rate_limited_requests bigint NOT NULL DEFAULT 0
            );

            -- Monitor API key usage
            CREATE OR REPLACE VIEW api_key_usage_summary AS
            SELECT 
              ak.name,
              ak.key_prefix,
              COUNT(aal.*) as total_requests,
              AVG(aal.response_time_ms) as avg_response_time,
              COUNT(CASE WHEN aal.status_code >= 400 THEN 1 END) as error_count,
              MAX(aal.timestamp) as last_used
            FROM api_keys ak
            LEFT JOIN api_access_logs aal ON ak.id = aal.api_key_id
            WHERE ak.is_active = true
            GROUP BY ak.id, ak.name, ak.key_prefix;

            -- Monitor rate limiting effectiveness
            CREATE OR REPLACE VIEW rate_limit_stats AS
            SELECT 
              DATE_TRUNC('hour', timestamp) as hour,
              COUNT(*) as total_requests,
              COUNT(CASE WHEN status_code = 429 THEN 1 END) as rate_limited_requests,
              ROUND(COUNT(CASE WHEN status_code = 429 THEN 1 END)::numeric / COUNT(*) * 100, 2) as rate_limit_percentage
            FROM api_access_logs
            WHERE timestamp >= NOW() - INTERVAL '24 hours'
            GROUP BY DATE_TRUNC('hour', timestamp)
            ORDER BY hour DESC;

            """)
}
