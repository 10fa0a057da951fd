#!/usr/bin/env bash
# Stops what examples/cluster/start.sh started: nginx, the two nodes and PostgreSQL (whose data goes with it).
set -uo pipefail
run=${FLOWS_CLUSTER_DIR:-/tmp/flows-cluster}

if [ -f "$run/pids" ]; then
  while read -r pid; do
    kill "$pid" 2>/dev/null && echo "stopped $pid"
  done <"$run/pids"
  rm -f "$run/pids"
fi

if [ -f "$run/postgres" ]; then
  source "$run/postgres"
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast stop >/dev/null 2>&1
  else
    "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast stop >/dev/null 2>&1
  fi
  rm -rf "$pg_dir"
  rm -f "$run/postgres"
  echo "stopped PostgreSQL"
fi

rm -rf "$run"
