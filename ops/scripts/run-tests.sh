#!/usr/bin/env bash
# Runs every test suite of the built test product, several suites at a time, each suite in a process of its own:
# metrics are process-wide and several suites run whole systems, so suites never share a process and the tests of a
# suite run one after another (as `swift test --no-parallel` runs them), while the
# machine's cores (and the time suites spend waiting on Postgres, the broker and child processes) are used.
# Each test gets its own database (ScratchDatabase), its own broker and its own ports, so suites do not meet.
# Usage: run-tests.sh LOG [JOBS]: every suite's output is appended to LOG (for ops/scripts/scan-logs.sh); the
# output of a failed suite is printed whole. JOBS defaults to MATARESIT_TEST_JOBS, else 5; a suite running longer than
# MATARESIT_SUITE_TIMEOUT seconds (600) is stopped and fails.
# Called by ops/test.sh after the build (a filtered run, ops/test.sh --filter X, uses swift test itself).
set -euo pipefail
cd "$(dirname "$0")/../.."

log="$1"
jobs="${2:-${MATARESIT_TEST_JOBS:-5}}"
# A suite still running after this many seconds is stopped and counts as failed (no suite takes two minutes).
suite_seconds="${MATARESIT_SUITE_TIMEOUT:-600}"
binary=.build/debug/mataresitPackageTests.xctest
[ -x "$binary" ] || { echo "run-tests: $binary is not built (swift build --build-tests)" >&2; exit 1; }
work="$(mktemp -d "${TMPDIR:-/tmp}/mataresit-tests-XXXXXX")"
trap 'rm -rf "$work"' EXIT

# Suites are the top-level names of the test identifiers (Module.Suite/test()). The ones that ran longest on
# this machine start first, so that no long suite starts last; the rest follow in name order.
swift test list --skip-build --disable-xctest 2>/dev/null | cut -d/ -f1 | sort -u >"$work/suites"
[ -s "$work/suites" ] || { echo "run-tests: swift test list found no suites" >&2; exit 1; }
{
  grep -Fxf ops/scripts/slow-suites.txt "$work/suites" || true
  grep -vFxf ops/scripts/slow-suites.txt "$work/suites" || true
} >"$work/order"
total="$(wc -l <"$work/suites")"
echo "== tests: $total suites, $jobs at a time" >&2

run_suite() { # suite: its output in $work/out/<suite>.log, its status in $work/status/<suite>
  local suite="$1" started=$SECONDS status=0
  local pattern="^${suite//./\\.}/"
  NO_COLOR=1 timeout --kill-after=10 "$suite_seconds" "$binary" --testing-library swift-testing --no-parallel \
    --filter "$pattern" >"$work/out/$suite.log" 2>&1 || status=$?
  [ "$status" -ne 124 ] && [ "$status" -ne 137 ] || echo "run-tests: $suite stopped after $suite_seconds s" >>"$work/out/$suite.log"
  echo "$status $((SECONDS - started))" >"$work/status/$suite"
  if [ "$status" -eq 0 ]; then
    echo "   $suite: passed in $((SECONDS - started)) s" >&2
  else
    echo "   $suite: FAILED (status $status) after $((SECONDS - started)) s" >&2
  fi
}
export -f run_suite
export binary work suite_seconds
mkdir -p "$work/out" "$work/status"
xargs -P "$jobs" -I{} bash -c 'run_suite "$1"' _ {} <"$work/order"

failed=0 tests=0
while read -r suite; do
  cat "$work/out/$suite.log" >>"$log"
  [ -f "$work/status/$suite" ] || { echo "run-tests: $suite did not run" >&2; failed=$((failed + 1)); continue; }
  count="$(sed -n 's/.*Test run with \([0-9]*\) tests\{0,1\} .*/\1/p' "$work/out/$suite.log" | tail -1)"
  tests=$((tests + ${count:-0}))
  if [ "$(cut -d' ' -f1 "$work/status/$suite")" != 0 ]; then
    failed=$((failed + 1))
    echo "---- $suite failed:" >&2
    grep -vE '^(◇|↳)|started\.$' "$work/out/$suite.log" | tail -60 >&2
  fi
done <"$work/order"
echo "== slowest suites:" >&2
for f in "$work"/status/*; do echo "$(cut -d' ' -f2 "$f") $(basename "$f")"; done | sort -rn | head -12 | sed 's/^/   /' >&2
if [ "$failed" -ne 0 ]; then
  echo "✘ $failed of $total suites failed ($tests tests ran)" >&2
  exit 1
fi
echo "✔ Test run with $tests tests in $total suites passed" >&2
