#!/usr/bin/env bash
# Starts a throw-away PostgreSQL server on 127.0.0.1 for the tests, installing it when missing.
# Source it: it exports FLOWS_TEST_POSTGRES and stops the server when the calling shell exits.
set -euo pipefail

flows_pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

if [ -z "$(flows_pg_bin)" ]; then
  echo "Installing PostgreSQL…"
  if [ "$(id -u)" -eq 0 ]; then apt-get update -qq && apt-get install -y -qq postgresql >/dev/null
  else sudo apt-get update -qq && sudo apt-get install -y -qq postgresql >/dev/null; fi
fi

pg_bin=$(flows_pg_bin)
pg_dir=$(mktemp -d /tmp/flows-pg.XXXXXX)
pg_port=${FLOWS_TEST_PG_PORT:-$(( 40000 + RANDOM % 20000 ))}

# PostgreSQL refuses to run as root; as root, the cluster belongs to the postgres user.
if [ "$(id -u)" -eq 0 ]; then
  chown postgres "$pg_dir"
  as_pg() { runuser -u postgres -- "$@"; }
else
  as_pg() { "$@"; }
fi

as_pg "$pg_bin/initdb" -D "$pg_dir/data" -A trust -U postgres >/dev/null
# fsync off: the data is thrown away after the run, durability is not under test here.
as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/log" -w \
  -o "-h 127.0.0.1 -p $pg_port -k $pg_dir -c fsync=off -c max_connections=200" start >/dev/null

export FLOWS_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres"
flows_stop_postgres() { as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$pg_dir"; }
trap flows_stop_postgres EXIT
echo "PostgreSQL $(basename "$(dirname "$pg_bin")") listening on 127.0.0.1:$pg_port"
