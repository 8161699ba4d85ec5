#!/usr/bin/env bash
# npm run up — install, migrate, seed and build as needed, then serve on http://localhost:3000.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

stamp=.next/BUILD_ID
if [ ! -f "$stamp" ] || [ ! -f dist/server.mjs ] || [ -n "$(find app components lib prisma proxy.ts server.ts next.config.js package.json -newer "$stamp" -not -path 'lib/generated/*' -print -quit)" ]; then
  npm run -s build
fi

exec npm start -- -p "${PORT:-3000}"
