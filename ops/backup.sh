#!/usr/bin/env bash
# Manual backup for critical deployments (seed §7): pg_dump with the seed's options to a dated file
# mataresit_backup_YYYYmmdd_HHMMSS.sql in OUTPUT_DIR (default: $BACKUP_DIR or ./backups). Prints the file.
# Usage: DATABASE_URL=postgres://user:password@host:5432/db ops/backup.sh [OUTPUT_DIR]
# --if-exists is added to the seed's --clean so the dump also restores into an empty database.
set -euo pipefail
: "${DATABASE_URL:?DATABASE_URL must be set (postgres://user:password@host:5432/database)}"
out_dir="${1:-${BACKUP_DIR:-backups}}"
mkdir -p "$out_dir"
file="$out_dir/mataresit_backup_$(date +%Y%m%d_%H%M%S).sql"
log="$file.log"
if ! pg_dump --dbname="$DATABASE_URL" --no-password --verbose --clean --if-exists --no-owner --no-privileges \
    --file="$file.partial" 2>"$log"; then
  tail -5 "$log" >&2
  rm -f "$file.partial"
  exit 1
fi
mv "$file.partial" "$file"
rm -f "$log"
echo "$file"
