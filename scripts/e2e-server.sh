#!/usr/bin/env bash
# Starts `next start` for the e2e suite on a fresh, migrated, seeded database.
set -euo pipefail
port="${1:-3210}"
dir="$(pwd)/data/e2e-$port"
rm -rf "$dir"
mkdir -p "$dir"
export DATA_DIR="$dir" DATABASE_URL="file:$dir/app.db"
npx tsx scripts/prepare-db.ts
exec npx next start -p "$port"
