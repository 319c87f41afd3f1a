#!/usr/bin/env bash
# `npm run soak [-- --trials N | --short]`: the soak test (lib/soak) on PGlite, then on a PostgreSQL
# database of its own (SOAK_DATABASE_URL, or a fresh one from e2e/postgres.sh named TEST_DB_NAME,
# default backfill_soak).
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
if [ -z "${SOAK_DATABASE_URL:-}" ]; then
  SOAK_DATABASE_URL="$(TEST_DB_NAME="${TEST_DB_NAME:-backfill_soak}" bash e2e/postgres.sh)"
fi
export SOAK_DATABASE_URL
exec node --conditions=react-server --import tsx lib/soak/main.ts "$@"
