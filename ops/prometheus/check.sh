#!/usr/bin/env bash
# Validates the alert rules and runs their unit tests with promtool (Debian package `prometheus`).
set -euo pipefail
cd "$(dirname "$0")"
command -v promtool >/dev/null || { echo "promtool not found: install the Debian package 'prometheus'" >&2; exit 1; }
promtool check rules alerts.yml
promtool test rules alerts.test.yml
