#!/usr/bin/env bash
# `npm test`: the whole suite, on a fresh Debian machine with only its own Node and npm. As root it
# installs what the suite needs from Debian (Chromium, PostgreSQL) when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
  npm install --no-audit --no-fund
fi

if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "The browser tests need Debian's Chromium: sudo apt-get install chromium (or set CHROMIUM_PATH)." >&2
    exit 1
  fi
fi

TEST_DATABASE_URL="$(bash e2e/postgres.sh)"

step() { echo; echo "== $1 (at $((SECONDS / 60))m$((SECONDS % 60))s)"; }
step "Lint"
npm run --silent lint
step "Types"
npm run --silent typecheck
# Two test files at a time even on two cores (vitest takes one less than the cores): many of them wait
# on child processes, contract servers and PostgreSQL. Measured on two cores: 384 s to 273 s on
# PGlite, 261 s to 140 s on PostgreSQL. Each file has a database of its own.
step "Unit and integration tests (embedded PGlite)"
npm run --silent test:unit -- --maxWorkers=2
step "Server tests and server actions again, on PostgreSQL"
TEST_DATABASE_URL="$TEST_DATABASE_URL" npx vitest run lib/server app --maxWorkers=2
step "PostgreSQL restarted in the middle of an import (alone: it restarts the server)"
TEST_DATABASE_URL="$TEST_DATABASE_URL" RESTART_POSTGRES="pg_ctlcluster 15 main restart" npx vitest run lib/server/jobs/db-restart.test.ts
step "Soak, short form: imports with a process killed at a random moment, on PGlite and PostgreSQL (lib/soak)"
TEST_DB_NAME="${TEST_DB_NAME:-backfill_test}_soak" npm run --silent soak -- --short
step "Browser tests (Chromium, embedded PGlite)"
npm run --silent test:e2e
step "Browser tests of the Yespo destination, against its contract server (the build above, PGlite)"
npx playwright test -c playwright.yespo.config.ts
step "Browser tests of the Klaviyo destination, against its contract server (the build above, PGlite)"
npx playwright test -c playwright.klaviyo.config.ts
step "Browser tests against a slow webhook receiver (cancelling mid-delivery; the build above, PGlite)"
npx playwright test -c playwright.webhook.config.ts
step "Browser tests of the Segment destination, against its contract server (the build above, PGlite)"
npx playwright test -c playwright.segment.config.ts
step "Browser tests again, scaled out: PostgreSQL and two worker processes (the specs that cross them; the build above)"
E2E_DATABASE_URL="$TEST_DATABASE_URL" E2E_REUSE_BUILD=1 npm run --silent test:e2e
echo
echo "All test suites passed in $((SECONDS / 60))m$((SECONDS % 60))s."
