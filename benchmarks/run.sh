#!/usr/bin/env bash
# Runs the micro benchmarks (release build of this package, in benchmarks/.build).
#   ./run.sh            run every benchmark and print the table
#   ./run.sh check      run them and compare with the stored thresholds (Thresholds/): exit 2 on a regression
#   ./run.sh update     store the current figures as the thresholds
# Extra arguments go to `swift package benchmark`, e.g. ./run.sh --filter "event.*".
set -euo pipefail
cd "$(dirname "$0")"
case "${1:-run}" in
  check) shift; exec swift package benchmark thresholds check "$@" ;;
  update) shift; exec swift package --allow-writing-to-package-directory benchmark thresholds update "$@" ;;
  run) [ $# -gt 0 ] && shift; exec swift package benchmark "$@" ;;
  *) exec swift package benchmark "$@" ;;
esac
