#!/usr/bin/env bash
# Sets up and runs the whole test suite: installs what is missing, checks the formatting (.swift-format), builds
# (moto and schemathesis install from PyPI meanwhile), checks the systemd units, starts a private Postgres and moto
# (the embedded Kafka broker is started in process by the tests themselves), runs the restore drill, then runs
# every test suite, several at a time (ops/scripts/run-tests.sh), while beside them run the README's first command
# exactly as written and every bench command once (ops/scripts/readme-check.sh), then the short schemathesis run
# (ops/schemathesis.sh), and, at the same time, the alerts and the dashboard against a live Prometheus
# (ops/scripts/prometheus-live-check.sh).
# A missing server fails the run; nothing is skipped. With arguments (ops/test.sh --filter X) it runs only
# `swift test --no-parallel` with them.
set -euo pipefail
cd "$(dirname "$0")/.."
whole=false
[ "$#" -eq 0 ] && whole=true
took() { echo "== $1 took $(( $(date +%s) - $2 ))s" >&2; }

ops/scripts/install-deps.sh
echo "== alert rules (promtool)" >&2
ops/prometheus/check.sh >&2
echo "== formatting (swift format lint --strict, .swift-format)" >&2
swift format lint --configuration .swift-format --strict --recursive Sources Tests >&2 ||
    { echo "formatting differs from .swift-format: run swift format format -i -r Sources Tests" >&2; exit 1; }
tools="${TMPDIR:-/tmp}/mataresit-tools-$$.log"
(ops/scripts/s3-test-server.sh install && { [ "$whole" = false ] || ops/schemathesis.sh --install; }) >"$tools" 2>&1 &
tools_pid=$!
started=$(date +%s)
echo "== build" >&2
buildlog="${TMPDIR:-/tmp}/mataresit-build-$$.log"
swift build --build-tests >"$buildlog" 2>&1 || { grep -E "error:" -A3 "$buildlog" | head -80 >&2; tail -5 "$buildlog" >&2; exit 1; }
rm -f "$buildlog"
took build "$started"
wait "$tools_pid" || { cat "$tools" >&2; echo "error: installing moto or schemathesis from PyPI failed" >&2; exit 1; }
rm -f "$tools"
echo "== systemd units (systemd-analyze verify)" >&2
ops/systemd/verify.sh "$(pwd)/.build/debug/mataresit" >&2

pgdir="${TMPDIR:-/tmp}/mataresit-test-pg-$$"
.build/debug/mataresit postgres start --data-dir "$pgdir" --port 5432 > "$pgdir.url" 2>"$pgdir.log" \
  || { cat "$pgdir.log" >&2; exit 1; }
trap 'for pid in "${side_pids[@]:-}"; do [ -z "$pid" ] || kill -- "$pid" 2>/dev/null || true; done; .build/debug/mataresit postgres stop --data-dir "$pgdir" >/dev/null 2>&1 || true; ops/scripts/s3-test-server.sh stop 2>/dev/null || true; rm -rf "$pgdir" "$pgdir".*' EXIT
export MATARESIT_TEST_DATABASE_URL="$(sed -n 's/^DATABASE_URL=//p' "$pgdir.url")"
# The cluster holds scratch databases only (one per test, dropped after it): it need not survive a power cut.
psql "$MATARESIT_TEST_DATABASE_URL" -q -c "ALTER SYSTEM SET fsync = off" -c "ALTER SYSTEM SET synchronous_commit = off" \
  -c "ALTER SYSTEM SET full_page_writes = off" -c "SELECT pg_reload_conf()" >/dev/null
echo "== postgres at $MATARESIT_TEST_DATABASE_URL (fsync off)" >&2
echo "== S3-compatible server (moto, from PyPI into .build-moto/) for the object-store tests" >&2
s3env="$(ops/scripts/s3-test-server.sh start)" || { echo "error: the S3 test server did not start" >&2; exit 1; }
eval "$s3env"
export MATARESIT_TEST_S3_REQUIRED=1  # without moto the object-store suites fail instead of skipping
echo "== restore drill (backup, drop, restore, compare; maintenance.sql)" >&2
DATABASE_URL="$MATARESIT_TEST_DATABASE_URL" MATARESIT_BIN=.build/debug/mataresit ops/drills/restore-drill.sh >&2

# Beside the tests, in two chains: the README's first command exactly as written and every bench command once,
# then the short schemathesis run (the long one: ops/schemathesis.sh --long); and the live Prometheus check. Each
# has its own folders, cluster and ports; their output is printed after the tests.
readme_chain() {
  local readmelog="$pgdir.readme.log" begun
  begun=$(date +%s); echo "== README commands" >&2
  ops/scripts/readme-check.sh "$readmelog" && ops/scripts/scan-logs.sh "$readmelog" && took "README commands" "$begun" \
    && begun=$(date +%s) && echo "== schemathesis (short)" >&2 \
    && ops/schemathesis.sh && took schemathesis "$begun"
}
prometheus_chain() {
  local begun; begun=$(date +%s); echo "== observability against a live Prometheus" >&2
  ops/scripts/prometheus-live-check.sh && took "live Prometheus check" "$begun"
}
side_pids=()
if [ "$whole" = true ]; then
  readme_chain >"$pgdir.chain-readme.log" 2>&1 & side_pids+=($!)
  prometheus_chain >"$pgdir.chain-prometheus.log" 2>&1 & side_pids+=($!)
fi

tested=$(date +%s)
testlog="$pgdir.tests.log"
tests_status=0
if [ "$whole" = true ]; then
  ops/scripts/run-tests.sh "$testlog" || tests_status=$?
else
  swift test --skip-build --disable-xctest --no-parallel "$@" 2>&1 | tee "$testlog" || tests_status=$?
fi
took tests "$tested"
side_status=0
if [ "${#side_pids[@]}" -gt 0 ]; then
  echo "== waiting for the README, schemathesis and Prometheus checks" >&2
  for pid in "${side_pids[@]}"; do wait "$pid" || side_status=$?; done
  cat "$pgdir.chain-readme.log" "$pgdir.chain-prometheus.log" >&2
fi
[ "$tests_status" -eq 0 ] || { echo "error: the tests failed" >&2; exit 1; }
[ "$side_status" -eq 0 ] || { echo "error: the README, Prometheus or schemathesis check failed" >&2; exit 1; }

# Every log line the suite produced (servers, stages, workers' output is in their own files): no API key,
# bearer token, client address, user agent or request body may be in it.
echo "== log scan" >&2
ops/scripts/scan-logs.sh "$testlog"
rm -f "$testlog"
# ...and the test cluster's own server log, where log_statement = 'mod' writes every write statement.
pglog="$pgdir/postgres.log"
[ -f "$pgdir/cluster-location" ] && pglog="$(cat "$pgdir/cluster-location")/postgres.log"
ops/scripts/scan-logs.sh --all "$pglog"

