#!/usr/bin/env bash
# Runs the README's first command exactly as the README writes it, as a new user would: from the repository
# root, no arguments, the default data folder. Waits for the three MATARESIT_ lines, calls /api/v1/health with
# the printed key and finds that request in /api/v1/access-logs, sends Ctrl-C (SIGINT to the process group) and
# expects a clean exit within 60 s; starts it again and expects the same keys. Then runs each `mataresit bench`
# subcommand once, small, with its default data folder, and checks that nothing is left running and that none
# of them logged a warning or an error.
# Called by ops/test.sh after the build; needs curl and python3. Usage: readme-check.sh [LOG]: the commands'
# standard error is appended to LOG, for ops/scripts/scan-logs.sh.
set -euo pipefail
set -m # background commands get a process group of their own, with SIGINT handled as in a terminal
cd "$(dirname "$0")/../.."

bin=.build/debug/mataresit
logs="${1:-/dev/null}"
work="$(mktemp -d "${TMPDIR:-/tmp}/mataresit-readme-XXXXXX")"
dev_pid=""
cleanup() {
  [ -n "$dev_pid" ] && kill -KILL -- "-$dev_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

fail() { echo "readme-check: $*" >&2; [ -f "$work/dev.err" ] && tail -20 "$work/dev.err" >&2; exit 1; }

# The first line of the README's first sh block, its comment removed: `ops/dev.sh`.
first_command="$(awk '/^```sh$/ { inside = 1; next } inside { print; exit }' README.md | sed 's/[[:space:]]*#.*$//')"
[ -n "$first_command" ] || fail "README.md has no sh block"

# The folder where a private cluster of `folder` runs (a relocated one names itself in cluster-location).
cluster_of() { if [ -f "$1/cluster-location" ]; then cat "$1/cluster-location"; else echo "$PWD/$1"; fi; }
nothing_running_in() {
  local cluster; cluster="$(cluster_of "$1")"
  ! pgrep -f -- "-D $cluster/data" >/dev/null || fail "a PostgreSQL server still runs in $cluster after $2"
}

start_dev() { # output file
  bash -c "$first_command" >"$1" 2>"$work/dev.err" &
  dev_pid=$!
  for _ in $(seq 1 600); do
    grep -q '^MATARESIT_ADMIN_KEY=' "$1" 2>/dev/null && return 0
    kill -0 "$dev_pid" 2>/dev/null || fail "'$first_command' exited before printing its keys"
    sleep 1
  done
  fail "'$first_command' printed no MATARESIT_ADMIN_KEY within 600 s"
}

stop_dev() { # Ctrl-C as a terminal sends it: SIGINT to the whole foreground process group
  kill -INT -- "-$dev_pid"
  local started=$SECONDS status=0
  while kill -0 "$dev_pid" 2>/dev/null; do
    [ $((SECONDS - started)) -lt 60 ] || fail "'$first_command' did not exit within 60 s of Ctrl-C"
    sleep 0.2
  done
  wait "$dev_pid" || status=$?
  dev_pid=""
  cat "$work/dev.err" >>"$work/all.err"
  [ "$status" -eq 0 ] || fail "'$first_command' exited with status $status after Ctrl-C"
  echo "== readme: Ctrl-C: clean exit in $((SECONDS - started)) s" >&2
}

value() { sed -n "s/^$1=//p" "$2"; }

echo "== readme: $first_command" >&2
started=$SECONDS
start_dev "$work/first.out"
echo "== readme: keys printed after $((SECONDS - started)) s" >&2
url="$(value MATARESIT_URL "$work/first.out")"
key="$(value MATARESIT_API_KEY "$work/first.out")"
[ -n "$url" ] && [ -n "$key" ] || fail "MATARESIT_URL or MATARESIT_API_KEY missing"
curl -sf -H "X-API-Key: $key" "$url/api/v1/health" >"$work/health.json" || fail "GET /api/v1/health failed"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["success"] and d["data"]["status"], d' \
  "$work/health.json" || fail "unexpected /api/v1/health body: $(cat "$work/health.json")"

seen=false
for _ in $(seq 1 30); do
  curl -sf -H "X-API-Key: $key" "$url/api/v1/access-logs?limit=100" >"$work/logs.json" || fail "GET /api/v1/access-logs failed"
  if python3 -c '
import json, sys
rows = json.load(open(sys.argv[1]))["data"]["entries"]
sys.exit(0 if any(r["endpoint"] == "/api/v1/health" and r["status_code"] == 200 for r in rows) else 1)
' "$work/logs.json"; then seen=true; break; fi
  sleep 2
done
[ "$seen" = true ] || fail "the health request never appeared in /api/v1/access-logs: $(head -c 600 "$work/logs.json")"
echo "== readme: the health request is in the access log" >&2
stop_dev
nothing_running_in .mataresit-dev/postgres "Ctrl-C"

start_dev "$work/second.out"
for name in MATARESIT_API_KEY MATARESIT_ADMIN_KEY; do
  [ "$(value "$name" "$work/first.out")" = "$(value "$name" "$work/second.out")" ] || fail "$name changed on restart"
done
echo "== readme: a second start prints the same keys" >&2
stop_dev

# Each bench command once, small, with its default data folder (.mataresit-bench): it must leave nothing running.
benches=(
  "pipeline --events 3000 --keys 50 --partitions 4"
  "baseline --events 3000 --keys 50 --partitions 4"
  "archive --events 3000 --keys 50 --partitions 4"
  "api --duration 1 --rounds 1 --connections 8 --threads 1 --receipts 10"
)
for arguments in "${benches[@]}"; do
  echo "== readme: mataresit bench $arguments" >&2
  # shellcheck disable=SC2086
  "$bin" bench $arguments >"$work/bench.out" 2>"$work/bench.err" || { tail -20 "$work/bench.err" >&2; fail "bench $arguments failed"; }
  cat "$work/bench.err" >>"$work/all.err"
  nothing_running_in .mataresit-bench/postgres "bench $arguments"
  ! pgrep -x wrk >/dev/null || fail "wrk still runs after bench $arguments"
done
echo "== readme: every bench command ran and left nothing running" >&2

# Commands print only what they are for: no warning or error on a run where nothing went wrong.
cat "$work/all.err" >>"$logs"
if grep -E '"level":"(warning|error|critical)"' "$work/all.err" >&2; then
  fail "the commands above logged warnings or errors (printed above) on a clean run"
fi
