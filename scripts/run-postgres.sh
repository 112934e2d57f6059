#!/usr/bin/env bash
# Runs the PostgreSQL stand-in for Redshift from the machine's own installation, bound to 127.0.0.1.
# Creates the cluster on first use (user REDSHIFT_USER, password REDSHIFT_PASSWORD, database REDSHIFT_DB).
# PostgreSQL refuses to run as root: as root the server runs as the unprivileged 'postgres' user.
# Usage: run-postgres.sh DATA_DIR PORT   env: REDSHIFT_USER, REDSHIFT_PASSWORD, REDSHIFT_DB, PG_EXTRA_OPTS
set -euo pipefail
data="${1:?usage: run-postgres.sh DATA_DIR PORT}"
port="${2:?usage: run-postgres.sh DATA_DIR PORT}"
user="${REDSHIFT_USER:-awsuser}"
db="${REDSHIFT_DB:-dev}"
password="${REDSHIFT_PASSWORD:-marketaspire-local}"

for name in "$user" "$db"; do
  if ! [[ "$name" =~ ^[a-z_][a-z0-9_]*$ ]]; then
    echo "run-postgres: '$name' is not a plain lowercase identifier (REDSHIFT_USER / REDSHIFT_DB)." >&2
    exit 2
  fi
done

bin="${PG_BIN:-}"
if [ -z "$bin" ]; then
  bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
fi
if [ ! -x "$bin/postgres" ]; then
  echo "run-postgres: no PostgreSQL server binaries found (looked in /usr/lib/postgresql/*/bin; set PG_BIN). Install: apt-get install postgresql" >&2
  exit 2
fi

as_owner=()
if [ "$(id -u)" = "0" ]; then
  as_owner=(setpriv --reuid=postgres --regid=postgres --init-groups --)
fi

mkdir -p "$data"
if [ "$(id -u)" = "0" ]; then chown postgres:postgres "$data"; fi
chmod 700 "$data"

if [ ! -f "$data/PG_VERSION" ]; then
  echo "run-postgres: creating a new cluster in $data"
  pwfile="$(mktemp)"
  printf '%s\n' "$password" > "$pwfile"
  if [ "$(id -u)" = "0" ]; then chown postgres "$pwfile"; fi
  "${as_owner[@]}" "$bin/initdb" -D "$data" -U "$user" --pwfile="$pwfile" --auth=scram-sha-256 \
    --encoding=UTF8 --no-locale --no-instructions >/dev/null
  rm -f "$pwfile"
  echo "CREATE DATABASE $db;" | "${as_owner[@]}" "$bin/postgres" --single -D "$data" -j postgres >/dev/null
fi

# shellcheck disable=SC2086 # PG_EXTRA_OPTS is a list of -c options
exec "${as_owner[@]}" "$bin/postgres" -D "$data" -p "$port" \
  -c listen_addresses=127.0.0.1 -c unix_socket_directories="$data" \
  -c max_connections=100 -c shared_buffers=256MB -c max_wal_size=4GB -c checkpoint_timeout=15min \
  -c log_min_messages=warning ${PG_EXTRA_OPTS:-}
