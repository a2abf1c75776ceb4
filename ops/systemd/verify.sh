#!/usr/bin/env bash
# Checks the units with `systemd-analyze verify` (run by ops/test.sh). The units name the binary where the install
# puts it (/usr/local/bin/mataresit); here they are checked against the built one given as $1, in a copy.
set -euo pipefail
binary="${1:?usage: ops/systemd/verify.sh PATH_TO_MATARESIT}"
command -v systemd-analyze >/dev/null || { echo "systemd-analyze not found (Debian package systemd)" >&2; exit 1; }
here="$(cd "$(dirname "$0")" && pwd)"
copy="$(mktemp -d)"
trap 'rm -rf "$copy"' EXIT
for unit in "$here"/*.service; do
  sed "s|/usr/local/bin/mataresit|$binary|g" "$unit" > "$copy/$(basename "$unit")"
done
# A template is verified through an instance of it.
cp "$copy/mataresit-worker@.service" "$copy/mataresit-worker@aggregates-1.service"
output="$(cd "$copy" && SYSTEMD_LOG_LEVEL=warning systemd-analyze verify --man=no \
  mataresit-migrate.service mataresit-api.service mataresit-worker@aggregates-1.service 2>&1)" || {
  echo "$output" >&2; echo "systemd-analyze verify failed" >&2; exit 1; }
# verify exits 0 on some problems it only prints; any line it prints is one.
if [ -n "$output" ]; then echo "$output" >&2; echo "systemd-analyze verify reported problems" >&2; exit 1; fi
echo "systemd units verified: $(ls "$here"/*.service | xargs -n1 basename | tr '\n' ' ')"
