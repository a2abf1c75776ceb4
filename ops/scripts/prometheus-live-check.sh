#!/usr/bin/env bash
# Observability proven live: a real Prometheus (Debian's package) scrapes `mataresit dev` (API and all stages) and
# a separate `mataresit work`, with ops/prometheus/alerts.yml loaded. After some traffic, every alert expression
# (its comparison removed) and every panel query of ops/grafana/mataresit.json must return series through
# Prometheus's HTTP API. Then Postgres is stopped: DatabaseConnectionIssues must go pending or firing, and the
# expressions that need server errors (HighErrorRate, the 5xx panel) must return series; Postgres is started again
# and the API must answer 200 once more. Run by ops/test.sh (whole suite only); needs curl, python3, prometheus.
set -euo pipefail
set -m
cd "$(dirname "$0")/../.."
root="$PWD"
bin="$root/.build/debug/mataresit"
work="$(mktemp -d "${TMPDIR:-/tmp}/mataresit-prometheus-XXXXXX")"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -INT -- "-$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  done
  "$bin" postgres stop --data-dir "$work/pg" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "prometheus-live-check: $*" >&2; for f in "$work"/*.err; do echo "--- $f" >&2; tail -5 "$f" >&2; done; exit 1; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_for_line() { # file prefix seconds
  for _ in $(seq 1 "$3"); do grep -q "^$2" "$1" 2>/dev/null && { sed -n "s/^$2//p" "$1" | head -1; return 0; }; sleep 1; done
  fail "no '$2' line in $1 within $3 s"
}
wait_for_url() { # url seconds
  for _ in $(seq 1 "$2"); do curl -sf -o /dev/null "$1" && return 0; sleep 1; done
  fail "$1 did not answer within $2 s"
}

pg_port="$(free_port)"
"$bin" postgres start --data-dir "$work/pg" --port "$pg_port" >"$work/pg.out" 2>"$work/pg.err" || fail "postgres start"
export DATABASE_URL; DATABASE_URL="$(wait_for_line "$work/pg.out" DATABASE_URL= 5)"
"$bin" broker >"$work/broker.out" 2>"$work/broker.err" & pids+=($!)
export KAFKA_BROKERS; KAFKA_BROKERS="$(wait_for_line "$work/broker.out" KAFKA_BROKERS= 60)"
# One data-key secret for both processes (dev would otherwise make its own).
export API_KEY_ENCRYPTION_KEY; API_KEY_ENCRYPTION_KEY="$(python3 -c 'import secrets; print(secrets.token_hex(24))')"
api_port="$(free_port)" worker_port="$(free_port)" prometheus_port="$(free_port)"
PORT="$api_port" LOG_LEVEL=warn "$bin" dev --data-dir "$work/dev" >"$work/dev.out" 2>"$work/dev.err" & pids+=($!)
key="$(wait_for_line "$work/dev.out" MATARESIT_API_KEY= 120)"
api="http://127.0.0.1:$api_port"
LOG_LEVEL=warn "$bin" work --stage requests --metrics-port "$worker_port" >"$work/worker.out" 2>"$work/worker.err" & pids+=($!)
wait_for_url "http://127.0.0.1:$worker_port/healthz" 60

cat >"$work/prometheus.yml" <<YAML
global: {scrape_interval: 2s, scrape_timeout: 2s, evaluation_interval: 2s}
rule_files: ["$root/ops/prometheus/alerts.yml"]
scrape_configs:
  - job_name: mataresit-api
    static_configs: [{targets: ["127.0.0.1:$api_port"]}]
  - job_name: mataresit-worker
    static_configs: [{targets: ["127.0.0.1:$worker_port"]}]
YAML
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/tsdb" \
  --web.listen-address="127.0.0.1:$prometheus_port" --log.level=warn >"$work/prometheus.out" 2>"$work/prometheus.err" &
pids+=($!)
prometheus_url="http://127.0.0.1:$prometheus_port"
wait_for_url "$prometheus_url/-/ready" 60
echo "== prometheus: scraping the API (:$api_port) and a worker (:$worker_port)" >&2

traffic() { # rounds: health, a list, a receipt, an unknown route; the pro tier's burst of 20 yields some 429s
  for _ in $(seq 1 "$1"); do
    curl -s -o /dev/null -H "X-API-Key: $key" "$api/api/v1/health" || true
    curl -s -o /dev/null -H "X-API-Key: $key" "$api/api/v1/receipts" || true
    curl -s -o /dev/null -H "X-API-Key: $key" -d '{"merchant":"Tesco","date":"2026-11-20","total":12.5}' \
      "$api/api/v1/receipts" || true
    curl -s -o /dev/null "$api/api/v1/no-such-route" || true
  done
}

# The expressions to check, one per line: alert expressions with their comparison removed, then panel queries.
expressions() { # which: healthy | outage
  python3 - "$1" "$root/ops/prometheus/alerts.yml" "$root/ops/grafana/mataresit.json" <<'PY'
import json, re, sys
which, alerts, dashboard = sys.argv[1:4]
needs_errors = ["HighErrorRate", "5xx"]
exprs, name = [], None
lines = open(alerts).read().splitlines()
i = 0
while i < len(lines):
    line = lines[i]
    match = re.match(r"\s*- alert: (\S+)", line)
    if match: name = match.group(1)
    match = re.match(r"(\s*)expr: ?(\|)?(.*)", line)
    if match:
        if match.group(2):
            indent, body = None, []
            i += 1
            while i < len(lines) and (lines[i].strip() == "" or indent is None or lines[i].startswith(indent)):
                if lines[i].strip():
                    indent = indent or re.match(r"\s*", lines[i]).group(0)
                    body.append(lines[i].strip())
                i += 1
            expr = " ".join(body)
            i -= 1
        else:
            expr = match.group(3).strip()
        expr = re.sub(r"\s*(>=|<=|==|!=|>|<)\s*[0-9.]+\s*$", "", expr)
        exprs.append((name, expr))
    i += 1
for panel in json.load(open(dashboard))["panels"]:
    for target in panel["targets"]:
        exprs.append((panel["title"], target["expr"]))
for label, expr in exprs:
    outage = any(word in label for word in needs_errors)
    if (which == "outage") == outage:
        print(f"{label}\t{expr}")
PY
}

series_of() { # expr -> number of series
  curl -sf -G "$prometheus_url/api/v1/query" --data-urlencode "query=$1" \
    | python3 -c 'import json, sys; d = json.load(sys.stdin); print(len(d["data"]["result"]) if d.get("status") == "success" else -1)'
}

check_all() { # which seconds
  local which="$1" deadline=$((SECONDS + $2)) missing
  while :; do
    missing=""
    while IFS=$'\t' read -r label expr; do
      [ "$(series_of "$expr")" -gt 0 ] 2>/dev/null || missing+="  $label: $expr"$'\n'
    done < <(expressions "$which")
    [ -z "$missing" ] && break
    [ "$SECONDS" -lt "$deadline" ] || fail "expressions without series after $2 s:"$'\n'"$missing"
    traffic 5
    sleep 2
  done
  echo "== prometheus: every $which expression returns series ($(expressions "$which" | wc -l) checked)" >&2
}

traffic 40
check_all healthy 120

"$bin" postgres stop --data-dir "$work/pg" >/dev/null 2>&1 || fail "postgres stop"
echo "== prometheus: Postgres stopped" >&2
deadline=$((SECONDS + 120))
until [ "$(series_of 'ALERTS{alertname="DatabaseConnectionIssues", alertstate=~"pending|firing"}')" -gt 0 ] 2>/dev/null; do
  [ "$SECONDS" -lt "$deadline" ] || fail "DatabaseConnectionIssues neither pending nor firing 120 s after Postgres stopped"
  traffic 2
  sleep 2
done
echo "== prometheus: DatabaseConnectionIssues is $(curl -sf "$prometheus_url/api/v1/alerts" | python3 -c 'import json, sys; print(",".join(sorted({a["state"] for a in json.load(sys.stdin)["data"]["alerts"] if a["labels"]["alertname"] == "DatabaseConnectionIssues"})))')" >&2
check_all outage 60

"$bin" postgres start --data-dir "$work/pg" --port "$pg_port" >/dev/null 2>"$work/pg.err" || fail "postgres restart"
deadline=$((SECONDS + 60))
until [ "$(curl -s -o /dev/null -w '%{http_code}' -H "X-API-Key: $key" "$api/api/v1/health")" = 200 ]; do
  [ "$SECONDS" -lt "$deadline" ] || fail "the API did not answer 200 within 60 s of Postgres returning"
  sleep 1
done
echo "== prometheus: Postgres back, the API answers 200" >&2
