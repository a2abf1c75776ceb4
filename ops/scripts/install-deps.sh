#!/usr/bin/env bash
# Installs the Debian packages Mataresit needs to build, run and test, when any is missing.
# Idempotent and quiet when everything is present. Needs root (or sudo) only when installing.
set -euo pipefail

# prometheus: only for promtool (alert rule checks); about 96 MB installed, recommends skipped.
# wrk: the load generator of `mataresit bench api`.
# python3-venv: the virtual environment ops/schemathesis.sh installs schemathesis into.
packages=(curl librdkafka-dev libzstd-dev openssl pkg-config postgresql postgresql-contrib prometheus python3-venv systemd wrk)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "installing: ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
