#!/usr/bin/env bash
# Restores a dump made by ops/backup.sh into DATABASE_URL, in one transaction (all or nothing).
# The dump drops and recreates every object it holds (--clean --if-exists); other objects stay.
# Usage: DATABASE_URL=postgres://user:password@host:5432/db ops/restore.sh FILE
set -euo pipefail
: "${DATABASE_URL:?DATABASE_URL must be set (postgres://user:password@host:5432/database)}"
file="${1:?usage: ops/restore.sh BACKUP_FILE}"
[ -r "$file" ] || { echo "cannot read $file" >&2; exit 1; }
psql -X -q --no-password -v ON_ERROR_STOP=1 --single-transaction -d "$DATABASE_URL" -f "$file" >/dev/null
echo "restored $file"
