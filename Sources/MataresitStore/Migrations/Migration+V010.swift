extension Migration {
    /// Day partitions are created under one lock per partitioned table, in the table's own schema.
    ///
    /// The first versions took an advisory lock per partition name and then the parent's lock: two callers
    /// creating overlapping sets of days in different orders deadlocked (each held one day's advisory lock and
    /// waited for the parent the other held), and a replay's shadow schema shared the advisory locks of the live
    /// tables' same-named partitions. Now a partition that exists costs one catalog look-up and no lock; a
    /// missing one is created under the parent's SHARE UPDATE EXCLUSIVE lock, which serializes creators
    /// without waiting for the table's writers.
    static let v010PartitionCreationLocks = Migration(
        version: 10, name: "partition_creation_locks",
        sql: """
            CREATE OR REPLACE FUNCTION create_day_partition(parent_name text, partition_name text, low text, high text)
            RETURNS void LANGUAGE plpgsql AS $$
            DECLARE
                parent regclass := to_regclass(parent_name);
                parent_schema name;
            BEGIN
                IF parent IS NULL THEN
                    RAISE EXCEPTION 'partitioned table % not found on the search path', parent_name;
                END IF;
                SELECT n.nspname INTO parent_schema
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = parent;
                IF to_regclass(format('%I.%I', parent_schema, partition_name)) IS NOT NULL THEN
                    RETURN;
                END IF;
                EXECUTE format('LOCK TABLE %I.%I IN SHARE UPDATE EXCLUSIVE MODE', parent_schema, parent_name);
                EXECUTE format(
                    'CREATE TABLE IF NOT EXISTS %I.%I PARTITION OF %I.%I FOR VALUES FROM (%L) TO (%L)',
                    parent_schema, partition_name, parent_schema, parent_name, low, high);
            END $$;

            CREATE OR REPLACE FUNCTION ensure_access_log_partition(day date) RETURNS void LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM create_day_partition(
                    'api_access_logs', format('api_access_logs_%s', to_char(day, 'YYYYMMDD')),
                    (day::timestamp AT TIME ZONE 'UTC')::text, ((day + 1)::timestamp AT TIME ZONE 'UTC')::text);
            END $$;

            CREATE OR REPLACE FUNCTION ensure_stage_applied_partition(day date) RETURNS void LANGUAGE plpgsql AS $$
            BEGIN
                IF day < (SELECT pruned_before FROM stage_dedupe_horizon) THEN
                    RETURN;
                END IF;
                PERFORM create_day_partition(
                    'stage_applied_events', format('stage_applied_events_%s', to_char(day, 'YYYYMMDD')),
                    day::text, (day + 1)::text);
            END $$;
            """)
}
