#!/usr/bin/env bash
# Sets up and runs the whole test suite: installs what is missing, checks the formatting (.swift-format), builds,
# checks the systemd units, runs the README's first command exactly as written and every bench command once
# (ops/scripts/readme-check.sh), checks
# the alerts and the dashboard against a live Prometheus (ops/scripts/prometheus-live-check.sh), starts a private Postgres
# (the embedded Kafka broker is started in process by the tests themselves), runs every test, and
# stops Postgres again; then the short schemathesis run (ops/schemathesis.sh). A missing server fails
# the run; nothing is skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

ops/scripts/install-deps.sh
echo "== alert rules (promtool)" >&2
ops/prometheus/check.sh >&2
echo "== formatting (swift format lint --strict, .swift-format)" >&2
swift format lint --configuration .swift-format --strict --recursive Sources Tests >&2 ||
    { echo "formatting differs from .swift-format: run swift format format -i -r Sources Tests" >&2; exit 1; }
started=$(date +%s)
echo "== build" >&2
buildlog="${TMPDIR:-/tmp}/mataresit-build-$$.log"
swift build --build-tests >"$buildlog" 2>&1 || { grep -E "error:" -A3 "$buildlog" | head -80 >&2; tail -5 "$buildlog" >&2; exit 1; }
rm -f "$buildlog"
echo "== build took $(( $(date +%s) - started ))s" >&2
echo "== systemd units (systemd-analyze verify)" >&2
ops/systemd/verify.sh "$(pwd)/.build/debug/mataresit" >&2

# The whole suite starts with the README's first command exactly as written, and every bench command once
# (ops/scripts/readme-check.sh); a filtered run (arguments for swift test) skips them.
if [ "$#" -eq 0 ]; then
  echo "== README commands" >&2
  readmelog="${TMPDIR:-/tmp}/mataresit-readme-$$.log"
  checked=$(date +%s)
  ops/scripts/readme-check.sh "$readmelog"
  ops/scripts/scan-logs.sh "$readmelog"
  rm -f "$readmelog"
  echo "== README commands took $(( $(date +%s) - checked ))s" >&2
  echo "== observability against a live Prometheus" >&2
  observed=$(date +%s)
  ops/scripts/prometheus-live-check.sh
  echo "== live Prometheus check took $(( $(date +%s) - observed ))s" >&2
fi

pgdir="${TMPDIR:-/tmp}/mataresit-test-pg-$$"
.build/debug/mataresit postgres start --data-dir "$pgdir" --port 5432 > "$pgdir.url" 2>"$pgdir.log" \
  || { cat "$pgdir.log" >&2; exit 1; }
trap '.build/debug/mataresit postgres stop --data-dir "$pgdir" >/dev/null 2>&1 || true; ops/scripts/s3-test-server.sh stop 2>/dev/null || true; rm -rf "$pgdir" "$pgdir.url" "$pgdir.log" "$pgdir.tests.log"' EXIT
export MATARESIT_TEST_DATABASE_URL="$(sed -n 's/^DATABASE_URL=//p' "$pgdir.url")"
echo "== postgres at $MATARESIT_TEST_DATABASE_URL" >&2
echo "== S3-compatible server (moto, from PyPI into .build-moto/) for the object-store tests" >&2
s3env="$(ops/scripts/s3-test-server.sh start)" || { echo "error: the S3 test server did not start" >&2; exit 1; }
eval "$s3env"
export MATARESIT_TEST_S3_REQUIRED=1  # without moto the object-store suites fail instead of skipping
echo "== restore drill (backup, drop, restore, compare; maintenance.sql)" >&2
DATABASE_URL="$MATARESIT_TEST_DATABASE_URL" MATARESIT_BIN=.build/debug/mataresit ops/drills/restore-drill.sh >&2

tested=$(date +%s)
testlog="$pgdir.tests.log"
swift test --skip-build --disable-xctest --no-parallel "$@" 2>&1 | tee "$testlog"
echo "== tests took $(( $(date +%s) - tested ))s" >&2

# Every log line the suite produced (servers, stages, workers' output is in their own files): no API key,
# bearer token, client address, user agent or request body may be in it.
echo "== log scan" >&2
ops/scripts/scan-logs.sh "$testlog"
rm -f "$testlog"
# ...and the test cluster's own server log, where log_statement = 'mod' writes every write statement.
pglog="$pgdir/postgres.log"
[ -f "$pgdir/cluster-location" ] && pglog="$(cat "$pgdir/cluster-location")/postgres.log"
ops/scripts/scan-logs.sh --all "$pglog"

# With arguments (a filtered run) that is all; the whole suite goes on with the short schemathesis run against
# the served OpenAPI document (its own server and Postgres); the long one: ops/schemathesis.sh --long.
[ "$#" -eq 0 ] || exit 0
fuzzed=$(date +%s)
echo "== schemathesis (short)" >&2
ops/schemathesis.sh
echo "== schemathesis took $(( $(date +%s) - fuzzed ))s" >&2
