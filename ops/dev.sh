#!/usr/bin/env bash
# Sets everything up and runs `mataresit dev`: a private Postgres, the embedded broker, the API and
# every stage in one process. Prints MATARESIT_URL, MATARESIT_API_KEY and MATARESIT_ADMIN_KEY.
# Extra arguments go to `mataresit dev` (e.g. --port 9090, --data-dir /tmp/m).
set -euo pipefail
cd "$(dirname "$0")/.."

ops/scripts/install-deps.sh
echo "building mataresit (the first build takes several minutes)..." >&2
buildlog="${TMPDIR:-/tmp}/mataresit-build-$$.log"
swift build --product mataresit >"$buildlog" 2>&1 || { grep -E "error:" -A3 "$buildlog" | head -80 >&2; tail -5 "$buildlog" >&2; exit 1; }
rm -f "$buildlog"
exec .build/debug/mataresit dev "$@"
