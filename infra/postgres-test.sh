#!/usr/bin/env bash
# Starts the machine's PostgreSQL cluster for the tests and the store benchmark (idempotent), ensures a password
# login role that may create databases, and prints its connection string as the last line. The server runs as the
# postgres system user (pg_ctlcluster drops privileges), never as root. Needs root or sudo on first use.
set -euo pipefail

role=${SPLITSTREAM_PG_ROLE:-splitstream_test}
password=${SPLITSTREAM_PG_PASSWORD:-splitstream_test}
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)

version=$(ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -1)
if [ -z "$version" ]; then
  echo "postgres-test: PostgreSQL is not installed (run infra/prereqs.sh)" >&2
  exit 1
fi
if ! pg_lsclusters -h 2>/dev/null | awk -v v="$version" '$1 == v && $2 == "main"' | grep -q .; then
  "${sudo_cmd[@]}" pg_createcluster "$version" main >/dev/null
fi
port=$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" { print $3 }')
if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" { print $4 }' | grep -q online; then
  # Another test process may be starting it at the same moment: a second start fails harmlessly, so check again.
  "${sudo_cmd[@]}" pg_ctlcluster "$version" main start 2>/dev/null || true
fi
for _ in $(seq 1 60); do
  pg_isready -q -h 127.0.0.1 -p "$port" && break
  sleep 0.5
done
pg_isready -q -h 127.0.0.1 -p "$port" || { echo "postgres-test: server on port $port did not become ready" >&2; exit 1; }

PGOPTIONS="-c client_min_messages=warning" "${sudo_cmd[@]}" runuser -u postgres -- psql -q -v ON_ERROR_STOP=1 -p "$port" -d postgres >/dev/null <<SQL
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$role') THEN
    CREATE ROLE $role LOGIN CREATEDB PASSWORD '$password';
  END IF;
  -- DROP DATABASE … WITH (FORCE) (tests and benches drop their databases) terminates the database's other sessions, and
  -- an autovacuum worker busy in it has no role of ours: without this the drop fails with 42501 ("must be a member of
  -- the role whose process is being terminated or member of pg_signal_backend"), seen at the end of bench-e2e.
  GRANT pg_signal_backend TO $role;
  -- The store benchmark checkpoints between runs so each starts from the same state (PostgreSQL 15+).
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'pg_checkpoint') THEN
    GRANT pg_checkpoint TO $role;
  END IF;
END
\$\$;
SQL
echo "Host=127.0.0.1;Port=$port;Username=$role;Password=$password;Database=postgres"
