#!/usr/bin/env bash
# Starts the production server (dist/server.mjs, built from server.ts by `npm run build`: Next plus the gateway) for the e2e suite on a fresh, migrated, seeded database.
# E2E_KEEP_DATA=1 restarts on the database the last run on this port left (the shutdown test).
set -euo pipefail
port="${1:-3210}"
dir="$(pwd)/data/e2e-$port"
if [ -z "${E2E_KEEP_DATA:-}" ]; then rm -rf "$dir"; fi
mkdir -p "$dir"
export DATA_DIR="$dir" DATABASE_URL="file:$dir/app.db"
npx tsx scripts/prepare-db.ts
exec node dist/server.mjs -p "$port"
