#!/usr/bin/env bash
# Scans a log (the test suite's whole output, or any service log) for personal data and secrets that must never
# reach operational logs: full API keys, bearer tokens, the client addresses and user agents the tests send, and
# request-body markers of the tests. Operational log lines are the ones that start with an ISO-8601 time (the
# text handler) or `{` (JSON lines); the test runner's own lines (which echo test arguments) are not scanned.
# Prints each finding's kind, line number and the line with the match masked, and exits 1 when there is any.
# Usage: ops/scripts/scan-logs.sh [--all] FILE; with --all every line is scanned (a PostgreSQL server log).
set -euo pipefail
operational='^[0-9]+:([0-9]{4}-[0-9]{2}-[0-9]{2}T|\{)'
if [ "${1:-}" = --all ]; then operational='^[0-9]+:'; shift; fi
file="${1:?usage: scan-logs.sh [--all] FILE}"
[ -r "$file" ] || { echo "scan-logs: cannot read $file" >&2; exit 2; }

# kind|extended regular expression
patterns=(
  'api key|mk_(live|test)_[0-9a-f]{32,}'
  'bearer token|[Bb]earer +[A-Za-z0-9._~+/-]{8,}'
  'client address|\b(203\.0\.113|198\.51\.100|192\.0\.2)\.[0-9]{1,3}\b'
  'client address|\b192\.168\.0\.200\b|\b8\.8\.8\.8\b|2001:db8:[0-9a-f:]*'
  'user agent|curl/[0-9]|e2e-test/1\.0|ErasureProbe-|mataresitPackageTests\.xctest'
  "request body|Kedai Kopi|Victim Merchant|Attacker Mart|Mine Mart|Their Shop|DELETE FROM receipts WHERE ''=''|onerror=alert"
)

findings=0
for entry in "${patterns[@]}"; do
  kind="${entry%%|*}"
  regex="${entry#*|}"
  while IFS= read -r hit; do
    [ -n "$hit" ] || continue
    findings=$((findings + 1))
    number="${hit%%:*}"
    line="${hit#*:}"
    masked=$(printf '%s' "$line" | sed -E "s#$regex#[$kind]#g" | cut -c1-240)
    echo "scan-logs: $kind at line $number: $masked"
  done < <(grep -nE -- "$regex" "$file" | grep -E "$operational" || true)
done
lines=$(grep -n '' "$file" | grep -cE "$operational" || true)
if [ "$findings" -gt 0 ]; then
  echo "scan-logs: $findings of $lines log lines carry personal data or secrets" >&2
  exit 1
fi
echo "scan-logs: $lines log lines, no API key, bearer token, client address, user agent or request body" >&2
