#!/usr/bin/env bash
# Restore drill (seed §7/§8 "Test disaster recovery procedures"): builds a database with the real schema and
# data in every kind of table, backs it up with ops/backup.sh, destroys it, restores it with ops/restore.sh,
# and compares row counts and an md5 of every table's rows; then runs ops/sql/maintenance.sql against it.
# Usage: DATABASE_URL=<superuser URL of a server> [MATARESIT_BIN=.build/debug/mataresit] ops/drills/restore-drill.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${DATABASE_URL:?DATABASE_URL (a server where we may create databases) must be set}"
bin="${MATARESIT_BIN:-.build/debug/mataresit}"
server_url="$DATABASE_URL"
db="drill_$(date +%s)_$$"
# The same URL with another database name (works for host:port and ?host=/socket forms).
url_for() { sed -E "s#^([a-z]+://[^/]*/)[^?]*#\\1$1#" <<<"$server_url"; }
drill_url="$(url_for "$db")"
work="$(mktemp -d)"
admin() { psql -X -q -v ON_ERROR_STOP=1 -d "$server_url" -c "$1" >/dev/null; }
cleanup() { admin "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true; rm -rf "$work"; }
trap cleanup EXIT

# Every table's rows (leaf partitions included, partitioned parents not double-counted), ordered.
checksums() {
  psql -X -At -v ON_ERROR_STOP=1 -d "$drill_url" <<'SQL'
SELECT format('SELECT %L, count(*), md5(coalesce(string_agg(t::text, %L ORDER BY t::text), %L)) FROM %I.%I t',
              c.relname, '|', '', n.nspname, c.relname)
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind = 'r'
ORDER BY c.relname
\gexec
SQL
}

admin "CREATE DATABASE $db"
DATABASE_URL="$drill_url" "$bin" migrate >/dev/null 2>>"$work/migrate.log"
psql -X -q -v ON_ERROR_STOP=1 -d "$drill_url" >/dev/null <<'SQL'
INSERT INTO users (id, email, subscription_tier) VALUES ('00000000-0000-4000-8000-000000000001', 'drill@example.test', 'pro');
INSERT INTO api_keys (id, user_id, name, key_hash, key_prefix, scopes)
VALUES ('00000000-0000-4000-8000-0000000000a1', '00000000-0000-4000-8000-000000000001', 'drill key',
        repeat('ab', 32), 'mk_test_dril', ARRAY['receipts:read']);
SELECT ensure_access_log_partition(current_date);
SELECT ensure_access_log_partition(current_date - 1);
INSERT INTO api_access_logs (event_id, api_key_id, user_id, endpoint, route, method, status_code, response_time_ms,
                             ip_address, "timestamp")
SELECT gen_random_uuid(), '00000000-0000-4000-8000-0000000000a1', '00000000-0000-4000-8000-000000000001',
       '/api/v1/receipts', '/api/v1/receipts', 'GET', (ARRAY[200, 201, 404, 429, 500])[1 + i % 5], i % 900,
       '198.18.0.0', date_trunc('day', now()) - interval '1 day' + (i * interval '1 minute')
FROM generate_series(1, 2000) AS i
WHERE date_trunc('day', now()) - interval '1 day' + (i * interval '1 minute') < date_trunc('day', now()) + interval '1 day';
INSERT INTO receipts (user_id, merchant, date, total)
SELECT '00000000-0000-4000-8000-000000000001', 'Merchant ' || i, current_date - i, i * 1.25
FROM generate_series(1, 50) AS i;
INSERT INTO stage_offsets (stage, topic, partition, next_offset, epoch, owner, newest_event_at)
VALUES ('requests', 'api.requests.v1', 0, 2000, 3, 'drill', now());
SQL

checksums >"$work/before"
[ "$(awk -F'|' '$1 == "api_keys" {print $2}' "$work/before")" = 1 ] || { echo "drill data missing" >&2; exit 1; }
backup="$(DATABASE_URL="$drill_url" ops/backup.sh "$work")"

admin "DROP DATABASE $db WITH (FORCE)"
admin "CREATE DATABASE $db"
DATABASE_URL="$drill_url" ops/restore.sh "$backup" >/dev/null
checksums >"$work/after"

if ! diff -u "$work/before" "$work/after" >&2; then
  echo "restore drill: FAILED (tables differ after restore)" >&2
  exit 1
fi
[ "$(DATABASE_URL="$drill_url" "$bin" migrate 2>>"$work/migrate.log")" = "schema up to date" ] || { echo "restore drill: migrations differ" >&2; exit 1; }
psql -X -q -v ON_ERROR_STOP=1 -d "$drill_url" -f ops/sql/maintenance.sql >"$work/maintenance.out"
echo "restore drill: OK ($(wc -l <"$work/before") tables, $(awk -F'|' '{s += $2} END {print s}' "$work/before") rows identical after backup, drop, restore); maintenance.sql ran"
