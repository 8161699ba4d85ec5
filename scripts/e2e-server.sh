#!/usr/bin/env bash
# Starts the server (server.ts: Next plus the gateway) for the e2e suite on a fresh, migrated, seeded database.
set -euo pipefail
port="${1:-3210}"
dir="$(pwd)/data/e2e-$port"
rm -rf "$dir"
mkdir -p "$dir"
export DATA_DIR="$dir" DATABASE_URL="file:$dir/app.db"
npx tsx scripts/prepare-db.ts
TSX_TSCONFIG_PATH=tsconfig.server.json exec node --import tsx server.ts -p "$port"
