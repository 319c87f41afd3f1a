#!/usr/bin/env bash
# Starts Debian's PostgreSQL 15 on 127.0.0.1 (installing it when missing, as root), makes a fresh
# database for the test suite (TEST_DB_NAME, default backfill_test, so that two checkouts can test side by
# side), and prints its URL on stdout; everything else goes to stderr.
set -euo pipefail
exec 3>&1 1>&2
db="${TEST_DB_NAME:-backfill_test}"
[[ "$db" =~ ^[a-z_][a-z0-9_]*$ ]] || { echo "TEST_DB_NAME must be a plain lower-case name" >&2; exit 1; }

if ! command -v pg_ctlcluster >/dev/null 2>&1 || [ ! -x /usr/lib/postgresql/15/bin/postgres ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "PostgreSQL 15 is not installed; run as root, or: apt-get install -y postgresql" >&2
    exit 1
  fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
if [ ! -d /etc/postgresql/15/main ]; then
  pg_createcluster 15 main >/dev/null
fi
# Loopback only: nothing outside this machine reaches the test database.
sed -i "s/^#\?listen_addresses.*/listen_addresses = '127.0.0.1'/" /etc/postgresql/15/main/postgresql.conf
if ! pg_ctlcluster 15 main status >/dev/null 2>&1; then
  # The server must not inherit our stdout (fd 3): $(…) around this script would wait for it forever.
  pg_ctlcluster 15 main start 3>&- </dev/null >/dev/null
fi

as_postgres() { su postgres -c "psql -v ON_ERROR_STOP=1 -qtA $*"; }
as_postgres "-c \"SELECT 1 FROM pg_roles WHERE rolname = 'backfill'\"" | grep -q 1 \
  || as_postgres "-c \"CREATE ROLE backfill LOGIN CREATEDB PASSWORD 'backfill'\""
as_postgres "-c \"ALTER ROLE backfill CREATEDB\""
# Dropping a test database WITH (FORCE) must also end an autovacuum worker busy in it, whose role is
# none of ours: without this grant the drop fails now and then after a test that wrote many rows.
as_postgres "-c \"GRANT pg_signal_backend TO backfill\""
as_postgres "-c \"DROP DATABASE IF EXISTS $db WITH (FORCE)\""
as_postgres "-c \"CREATE DATABASE $db OWNER backfill\""

echo "postgres://backfill:backfill@127.0.0.1:5432/$db" >&3
