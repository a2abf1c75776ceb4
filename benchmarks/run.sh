#!/usr/bin/env bash
# Runs the micro benchmarks (release build of this package, in benchmarks/.build) and prints the table.
# Extra arguments go to `swift package benchmark`, e.g. ./run.sh --filter "event.*".
set -euo pipefail
cd "$(dirname "$0")"
exec swift package benchmark "$@"
