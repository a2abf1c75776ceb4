#!/usr/bin/env bash
# Runs schemathesis (property-based API testing, from PyPI) against the OpenAPI document the API serves,
# with a valid key: every generated request must get no 5xx, a documented status, a documented content type
# and a body that matches the documented schema. Exits non-zero on any failure.
#
#   ops/schemathesis.sh              short run (ops/test.sh runs it beside the Swift tests; about 1 minute)
#   ops/schemathesis.sh --long       4 rounds with other seeds, more examples and the stateful phase
#   ops/schemathesis.sh --existing   against the server in MATARESIT_URL with MATARESIT_API_KEY and
#                                    MATARESIT_ADMIN_KEY (the lines `ops/dev.sh` prints) instead of its own
#   ops/schemathesis.sh --install    only installs schemathesis (ops/test.sh does it while the build runs)
#
# It creates (or reuses) a Python venv in ${TMPDIR:-/tmp}/mataresit-schemathesis-venv, starts `mataresit dev`
# (private Postgres, embedded broker, API and every stage) in a fresh temporary folder on a free loopback
# port, and runs schemathesis with the demo key (every scope but admin:all) over every operation, then with
# the demo admin key over the admin:all operations. Then it stops the server and removes the folder.
# Checks: not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance.
#
# Set up so that the run tests something:
# - Rate limits: the demo user is on the pro tier, whose minute and middle windows are raised through the
#   documented variables (RATE_LIMIT_BURST_ALLOWANCE, API_RATE_LIMIT_MAX_REQUESTS). Its day window (10,000
#   requests per key) is fixed: the long run gives each round a new key. 429 is documented, but a run of 429s
#   tests nothing.
# - --generation-with-security-parameters false: otherwise the coverage phase sends requests without the key;
#   20 failed authentications in 60 s lock the client address out (429 on everything) by design.
#
# Excluded, narrowly, and why:
# - not_a_server_error accepts 501 on the operations whose only documented answer is 501 (the existing API's
#   stubs, NOT_IMPLEMENTED by design); the list is read from the served document, every other check still runs
#   on them, and 5xx stays a failure everywhere else.
# - The admin pass covers only the admin:all operations (the demo key's pass gets their documented 403).
# - --workers 1: with 2 workers, Hypothesis' lambda-source cache raced (KeyError in
#   hypothesis/internal/lambda_sources.py, reported as a runtime error "Inconsistent results" on
#   POST /receipts/batch in the coverage phase) - a bug of the tool, not of the API.
#
# Found and fixed on the way (regressions in Tests/MataresitIntegrationTests/SchemathesisFindingsTests.swift):
# - U+0000 in a JSON body string or a query parameter reached PostgreSQL, which cannot store it (SQLSTATE
#   22021): 500 on POST /receipts/quick (also /receipts, /claims, /search, GET /receipts?merchant=...). Now 400
#   VALIDATION_ERROR (RequestBody, FieldReader).
# - The 501 stubs did not document 429 (rate limit, or the failed-authentication lockout) nor 400/403; every
#   authenticated operation now documents 400, 401, 403 and 429, which middleware can answer on any route.
#
# Needs: python3 with venv (ops/scripts/install-deps.sh installs python3-venv), a built .build/debug/mataresit
# (MATARESIT_BIN to use another), PyPI reachable on the first run.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=short
existing=false
install_only=false
for argument in "$@"; do
  case "$argument" in
    --long) mode=long ;;
    --existing) existing=true ;;
    --install) install_only=true ;;
    *) echo "usage: $0 [--long] [--existing] [--install]" >&2; exit 2 ;;
  esac
done
[ "${SCHEMATHESIS_LONG:-}" = 1 ] && mode=long

schemathesis_version=4.32.5
venv="${TMPDIR:-/tmp}/mataresit-schemathesis-venv"
if ! "$venv/bin/st" --version 2>/dev/null | grep -q "$schemathesis_version"; then
  echo "== installing schemathesis $schemathesis_version in $venv" >&2
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check "schemathesis==$schemathesis_version"
fi
[ "$install_only" = false ] || exit 0

bin="${MATARESIT_BIN:-.build/debug/mataresit}"
[ -x "$bin" ] || { echo "no $bin: build first (swift build --product mataresit)" >&2; exit 1; }

work="$(mktemp -d "${TMPDIR:-/tmp}/mataresit-schemathesis-XXXXXX")"
chmod 755 "$work" # as root, the private cluster runs as the postgres user, which must reach it
server_pid=""
stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -INT "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$server_pid" 2>/dev/null || break; sleep 1; done
    kill -KILL "$server_pid" 2>/dev/null || true
  fi
  "$bin" postgres stop --data-dir "$work/dev/postgres" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap stop_server EXIT

if [ "$existing" = true ]; then
  url="${MATARESIT_URL:?--existing needs MATARESIT_URL}"
  api_key="${MATARESIT_API_KEY:?--existing needs MATARESIT_API_KEY}"
  admin_key="${MATARESIT_ADMIN_KEY:?--existing needs MATARESIT_ADMIN_KEY}"
else
  echo "== starting mataresit dev in $work" >&2
  # The pro tier's windows raised so the run is not throttled (see the header); logs only at warn.
  RATE_LIMIT_BURST_ALLOWANCE=1000000 API_RATE_LIMIT_MAX_REQUESTS=100000000 LOG_LEVEL=warn \
    "$bin" dev --data-dir "$work/dev" --port 0 >"$work/dev.out" 2>"$work/dev.log" &
  server_pid=$!
  for _ in $(seq 1 180); do
    grep -q '^MATARESIT_ADMIN_KEY=' "$work/dev.out" 2>/dev/null && break
    kill -0 "$server_pid" 2>/dev/null || { tail -20 "$work/dev.log" >&2; echo "mataresit dev exited" >&2; exit 1; }
    sleep 1
  done
  url="$(sed -n 's/^MATARESIT_URL=//p' "$work/dev.out")"
  api_key="$(sed -n 's/^MATARESIT_API_KEY=//p' "$work/dev.out")"
  admin_key="$(sed -n 's/^MATARESIT_ADMIN_KEY=//p' "$work/dev.out")"
  [ -n "$admin_key" ] || { tail -20 "$work/dev.log" >&2; echo "mataresit dev did not start in 180 s" >&2; exit 1; }
fi
echo "== API at $url" >&2

# Short: one round with the demo key. Long: more examples, the stateful phase, and several rounds with
# different seeds, each with a key of its own (created through POST /keys) so no round meets the day window.
if [ "$mode" = long ]; then
  examples=60; phases=examples,coverage,fuzzing,stateful; rounds=4; time_limit=900
else
  examples=40; phases=examples,coverage,fuzzing; rounds=1; time_limit=300
fi
checks=not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance

# From the served document: the admin:all operations (the admin key's pass) and the documented 501 stubs, for
# which 501 is the expected answer rather than a server error.
"$venv/bin/python" - "$url/api/v1/openapi.json" "$work" <<'PY'
import json, sys, urllib.request
doc = json.load(urllib.request.urlopen(sys.argv[1]))
operations = [op for item in doc["paths"].values() for op in item.values()]
admin = [op["operationId"] for op in operations if "`admin:all` scope" in op.get("description", "")]
stubs = [op["operationId"] for op in operations
         if "501" in op["responses"] and not any(s.startswith("2") for s in op["responses"])]
open(sys.argv[2] + "/admin-operations", "w").write("^(" + "|".join(admin) + ")$")
open(sys.argv[2] + "/schemathesis.toml", "w").write(f"""
[[operations]]
include-operation-id-regex = "^({'|'.join(stubs)})$"
checks.not_a_server_error.expected-statuses = ["2xx", "3xx", "4xx", "501"]
""")
PY

status=0
run_pass() { # name key seed extra-arguments...
  local name="$1" key="$2" seed="$3"; shift 3
  echo "== schemathesis ($mode, $name): up to $examples examples per operation, seed $seed" >&2
  # Security parameters are not generated: a request without the key counts as a failed authentication,
  # and 20 of those lock the client address out (429) for a minute, which would end the run's usefulness.
  # From the temporary folder: schemathesis keeps a .schemathesis/ cache in its working directory.
  (cd "$work" && timeout --signal=INT "$time_limit" "$venv/bin/st" --config-file "$work/schemathesis.toml" run \
    "$url/api/v1/openapi.json" --header "X-API-Key: $key" --generation-with-security-parameters false \
    --checks "$checks" --phases "$phases" --max-examples "$examples" --seed "$seed" \
    --workers 1 --request-timeout 30 --generation-database none --no-color "$@") 2>&1 | tee -a "$work/st.log" \
    || status=1
}
# A new key of the demo user with the demo key's scopes (every scope but admin:all).
new_key() {
  "$venv/bin/python" - "$url" "$api_key" "$1" <<'PY'
import json, sys, urllib.request
scopes = ["receipts:read", "receipts:write", "receipts:delete", "claims:read", "claims:write", "claims:delete",
          "profile:read", "categories:read", "gamification:read", "search:read", "analytics:read", "teams:read"]
request = urllib.request.Request(sys.argv[1] + "/api/v1/keys", method="POST",
    data=json.dumps({"name": sys.argv[3], "scopes": scopes}).encode(),
    headers={"X-API-Key": sys.argv[2], "Content-Type": "application/json"})
print(json.load(urllib.request.urlopen(request))["data"]["apiKey"])
PY
}
for round in $(seq 1 "$rounds"); do
  key="$api_key"
  [ "$round" -gt 1 ] && key="$(new_key "schemathesis round $round")"
  run_pass "round $round/$rounds, demo user's key" "$key" "$((20261120 + round))"
done
run_pass "admin key, admin:all operations" "$admin_key" 20261120 \
  --include-operation-id-regex "$(cat "$work/admin-operations")"
# Totals over the passes, from schemathesis' summaries ("Tested: N", "N generated, ... N unique failures").
"$venv/bin/python" - "$work/st.log" "$status" <<'PY' >&2
import re, sys
text = open(sys.argv[1]).read()
passes = len(re.findall(r"^API Operations:", text, re.M))
operations = sum(int(n) for n in re.findall(r"^\s+Tested: (\d+)", text, re.M))
cases = sum(int(n) for n in re.findall(r"^\s+(\d+) generated", text, re.M))
failures = sum(int(n) for n in re.findall(r"(\d+) unique failures?", text))
verdict = "FAILED" if sys.argv[2] != "0" else "passed"
print(f"== schemathesis {verdict}: {passes} passes, {operations} operations tested, {cases} test cases, {failures} failures")
PY
exit "$status"
