-- Mataresit maintenance review queries (seed §9 "Performance Tuning" and the weekly/monthly tasks),
-- adapted to PostgreSQL 13+ and our schema. Read-only. Run with psql:
--   psql -X -v ON_ERROR_STOP=1 -f ops/sql/maintenance.sql "$DATABASE_URL"
-- Sections that need something absent (pg_stat_statements, the projection views) say so and go on.
\pset footer off
SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements') AS has_pg_stat_statements,
       to_regclass('public.api_key_usage_summary') IS NOT NULL AS has_usage_view,
       to_regclass('public.rate_limit_stats') IS NOT NULL AS has_rate_limit_view
\gset

\echo '== Slow queries (mean > 1000 ms; seed: mean_time/total_time, named mean_exec_time/total_exec_time since PG13)'
\if :has_pg_stat_statements
SELECT left(regexp_replace(query, '\s+', ' ', 'g'), 120) AS query,
       round(mean_exec_time::numeric, 1) AS mean_ms, calls, round(total_exec_time::numeric, 1) AS total_ms
FROM pg_stat_statements
WHERE mean_exec_time > 1000
ORDER BY mean_exec_time DESC
LIMIT 10;
\else
\echo 'pg_stat_statements is not installed in this database: CREATE EXTENSION pg_stat_statements (superuser), see ops/README.md'
\endif

\echo '== Column statistics of high-cardinality columns (the seed''s "index usage" query, over pg_stats)'
SELECT schemaname, tablename, attname, n_distinct, correlation
FROM pg_stats
WHERE schemaname = 'public'
  AND n_distinct > 100
ORDER BY n_distinct DESC;

\echo '== Index usage (scans per index; never-used indexes first)'
SELECT schemaname, relname AS table_name, indexrelname AS index_name, idx_scan,
       pg_size_pretty(pg_relation_size(indexrelid)) AS size
FROM pg_stat_user_indexes
WHERE schemaname = 'public'
ORDER BY idx_scan ASC, pg_relation_size(indexrelid) DESC
LIMIT 20;

\echo '== Table sizes (with indexes and TOAST)'
SELECT schemaname, tablename,
       pg_size_pretty(pg_total_relation_size(format('%I.%I', schemaname, tablename)::regclass)) AS size
FROM pg_tables
WHERE schemaname = 'public'
ORDER BY pg_total_relation_size(format('%I.%I', schemaname, tablename)::regclass) DESC;

\echo '== Weekly: expired API keys still active (the worker''s key-expiry job deactivates them)'
SELECT count(*) AS expired_but_active FROM api_keys WHERE expires_at < now() AND is_active;

\echo '== Weekly: error rate and response time over the last 7 days (access-log projection of the requests stage)'
SELECT date_trunc('day', "timestamp") AS day, count(*) AS requests,
       count(*) FILTER (WHERE status_code >= 500) AS server_errors,
       count(*) FILTER (WHERE status_code >= 400) AS errors,
       round(avg(response_time_ms)::numeric, 1) AS avg_response_ms
FROM api_access_logs
WHERE "timestamp" >= now() - interval '7 days'
GROUP BY 1
ORDER BY 1 DESC;

\echo '== Weekly: API key usage (seed view api_key_usage_summary)'
\if :has_usage_view
SELECT * FROM api_key_usage_summary ORDER BY total_requests DESC LIMIT 20;
\else
\echo 'api_key_usage_summary does not exist yet (migration 2)'
\endif

\echo '== Weekly: rate limiting (seed view rate_limit_stats, last 24 hours)'
\if :has_rate_limit_view
SELECT * FROM rate_limit_stats LIMIT 24;
\else
\echo 'rate_limit_stats does not exist yet (migration 2)'
\endif

\echo '== Stage positions and freshness'
SELECT stage, count(*) AS partitions, max(newest_event_at) AS newest_event_at, max(committed_at) AS committed_at,
       now() - max(newest_event_at) AS event_time_behind
FROM stage_offsets
GROUP BY stage
ORDER BY stage;
