#!/usr/bin/env bash
# The long versions of the fault and attack scenarios; ops/test.sh runs a short version of each.
# Each scenario is one run of ops/test.sh (install, build, private Postgres) over its suites with the long
# settings; the figures are in the lines the tests print (scaled-workers:, OUTAGE, POSTGRES DOWN, FUZZ ...).
#
#   ops/chaos.sh [scenario ...]      default: all of them, in this order
#     workers       1,000,000 events, 3 `mataresit work` processes, 50 random kill -9 with replacements
#     broker        the broker down for 60 s under steady API load from 4 clients
#     postgres      Postgres stopped and restarted mid-run (fast shutdown drops every connection)
#     gap           retention gap: read from the archive, or a stop naming the gap
#     disk          a full disk under the archive stage and the spool (tmpfs; needs root)
#     fuzz          100 times the short fuzz run (decoder, spool, archive)
#     auth          key guessing per address, revocation on every instance, tenant sweep over every operation
#     schemathesis  ops/schemathesis.sh --long
set -euo pipefail
cd "$(dirname "$0")/.."

scenario() {
  local name="$1"
  echo "== chaos: $name" >&2
  case "$name" in
    workers) MATARESIT_SCALED_EVENTS=1000000 MATARESIT_SCALED_KILLS=50 ops/test.sh --filter ScaledWorkersTests ;;
    broker) MATARESIT_OUTAGE_SECONDS=60 ops/test.sh --filter outageUnderSteadyLoad ;;
    postgres) ops/test.sh --filter PostgresRestartTests ;;
    gap) ops/test.sh --filter RetentionGapTests ;;
    disk) ops/test.sh --filter DiskFullTests ;;
    fuzz) MATARESIT_FUZZ_SCALE=100 ops/test.sh --filter Fuzz ;;
    auth) ops/test.sh --filter "AuthAttackTests|TenantIsolationTests" ;;
    schemathesis) ops/scripts/install-deps.sh && swift build --product mataresit && ops/schemathesis.sh --long ;;
    *) echo "chaos: unknown scenario '$name' (workers broker postgres gap disk fuzz auth schemathesis)" >&2; return 2 ;;
  esac
}

if [ "$#" -eq 0 ]; then set -- workers broker postgres gap disk fuzz auth schemathesis; fi
for name in "$@"; do scenario "$name"; done
echo "== chaos: all passed ($*)" >&2
