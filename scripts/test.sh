#!/usr/bin/env bash
# npm test — every check, in the order a failure is cheapest to find:
# lint (and the dependency rules), types, unit and route tests (real SQLite, real loopback HTTP), build, e2e in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  echo "Installing Chromium from Debian (Playwright cannot download browsers here)…"
  if [ "$(id -u)" -eq 0 ]; then apt-get update -qq && apt-get install -y -qq chromium; else sudo apt-get update -qq && sudo apt-get install -y -qq chromium; fi
fi

step() { printf '\n== %s ==\n' "$1"; }
step "lint";       npm run -s lint
step "dependencies"; npm run -s check:deps
step "typecheck";  npm run -s typecheck
step "unit";       npm run -s test:unit
step "build";      npm run -s build
step "e2e";        npm run -s test:e2e
