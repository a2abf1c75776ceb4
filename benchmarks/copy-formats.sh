#!/usr/bin/env bash
# Text against binary COPY of the same access-log rows into a table with api_access_logs' columns, constraints
# and indexes, through libpq (psql's \copy), on the server of DATABASE_URL. Answers whether a binary COPY path
# would pay: the figure is binary rows/s over text rows/s, medians of interleaved rounds in one run.
#
#   DATABASE_URL=postgresql://... benchmarks/copy-formats.sh [rows (200000)] [rounds (3)]
set -euo pipefail
rows=${1:-200000}
rounds=${2:-3}
[[ -n ${DATABASE_URL:-} ]] || { echo "copy-formats: DATABASE_URL is not set" >&2; exit 2; }
[[ $rows =~ ^[0-9]+$ && $rows -gt 0 && $rows -le 5000000 ]] || { echo "copy-formats: rows must be 1..5000000" >&2; exit 2; }
[[ $rounds =~ ^[0-9]+$ && $rounds -gt 0 && $rounds -le 20 ]] || { echo "copy-formats: rounds must be 1..20" >&2; exit 2; }

work=$(mktemp -d)
schema="copy_formats_$$"
psql_() { psql "$DATABASE_URL" -X -q -v ON_ERROR_STOP=1 "$@"; }
cleanup() { psql_ -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT

echo "== generating $rows access-log rows"
psql_ <<SQL
CREATE SCHEMA $schema;
SET search_path = $schema, public;
CREATE TABLE target (LIKE public.api_access_logs INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES);
CREATE TABLE source AS
SELECT gen_random_uuid() AS event_id, keys.id AS api_key_id, keys.id AS user_id, NULL::uuid AS team_id,
       '/api/v1/receipts/' || (g % 5000) AS endpoint, '/api/v1/receipts/{id}' AS route,
       (ARRAY['GET','POST','PUT','DELETE'])[1 + g % 4] AS method, (ARRAY[200,200,200,201,404,429])[1 + g % 6] AS status_code,
       (g * 7) % 900 AS response_time_ms, ('10.' || (g % 250) || '.' || (g % 199) || '.0')::inet AS ip_address,
       'Mozilla/5.0 (X11; Linux x86_64) client/' || (g % 40) AS user_agent, (g % 4000)::bigint AS request_size_bytes,
       (g % 20000)::bigint AS response_size_bytes, CASE WHEN g % 6 = 4 THEN 'not found' END AS error_message,
       g % 6 = 5 AS rate_limited, now() - (g % 86400) * interval '1 second' AS "timestamp"
FROM generate_series(1, $rows) g
JOIN (SELECT i, gen_random_uuid() AS id FROM generate_series(0, 999) i) keys ON keys.i = g % 1000;
SQL
psql_ -c "\\copy $schema.source TO '$work/rows.txt'"
psql_ -c "\\copy $schema.source TO '$work/rows.bin' WITH (FORMAT binary)"
echo "   text $(du -k "$work/rows.txt" | cut -f1) KiB, binary $(du -k "$work/rows.bin" | cut -f1) KiB"

# Seconds for one COPY of the file in `format` into an emptied target.
copy_seconds() {
    local format=$1 file=$2 start end
    psql_ -c "TRUNCATE $schema.target" -c "CHECKPOINT" >/dev/null 2>&1 || psql_ -c "TRUNCATE $schema.target"
    start=$(date +%s.%N)
    psql_ -c "\\copy $schema.target FROM '$file' WITH (FORMAT $format)"
    end=$(date +%s.%N)
    awk -v a="$start" -v b="$end" 'BEGIN { print b - a }'
}

text=() binary=()
for ((round = 1; round <= rounds; round++)); do
    if ((round % 2)); then
        text+=("$(copy_seconds text "$work/rows.txt")"); binary+=("$(copy_seconds binary "$work/rows.bin")")
    else
        binary+=("$(copy_seconds binary "$work/rows.bin")"); text+=("$(copy_seconds text "$work/rows.txt")")
    fi
    printf '   round %d: text %.3f s, binary %.3f s\n' "$round" "${text[-1]}" "${binary[-1]}"
done
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
t=$(median "${text[@]}") b=$(median "${binary[@]}")
awk -v n="$rows" -v t="$t" -v b="$b" -v r="$rounds" 'BEGIN {
    printf "text COPY   %8.0f rows/s (median of %d)\nbinary COPY %8.0f rows/s\nbinary / text %.2f\n", n / t, r, n / b, t / b }'
