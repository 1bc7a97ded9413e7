#!/usr/bin/env bash
# Stops what infra/cluster/up.sh started: the desk nodes, by the process ids in data/cluster/node-N.pid
# (TERM, up to CLUSTER_STOP_TIMEOUT seconds (30) for a clean shutdown, then KILL), then PostgreSQL
# (pg_ctl stop -m fast). Data is kept: up.sh after down.sh finds every item again.
#
#   bash infra/cluster/down.sh
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
dir=$root/data/cluster
pg_bin=/usr/lib/postgresql/15/bin
stop_timeout=${CLUSTER_STOP_TIMEOUT:-30}

say() { printf '%s\n' "$*" >&2; }

[[ $stop_timeout =~ ^[0-9]+$ ]] || { say "down.sh: CLUSTER_STOP_TIMEOUT must be a whole number of seconds."; exit 1; }
[ -d "$dir" ] || { say "Nothing to stop: $dir does not exist."; exit 0; }

# Whether $1 is a live desk node (not a process that happens to have inherited the id since).
is_node() { kill -0 "$1" 2>/dev/null && grep -qa 'DIH4S.Api.dll' "/proc/$1/cmdline" 2>/dev/null; }

pids=()
shopt -s nullglob
for file in "$dir"/node-*.pid; do
  pid=$(cat "$file")
  if [[ $pid =~ ^[0-9]+$ ]] && is_node "$pid"; then
    say "Stopping $(basename "$file" .pid) (pid $pid) ..."
    kill -TERM "$pid" 2>/dev/null || true
    pids+=("$pid")
  fi
  rm -f "$file"
done

deadline=$((SECONDS + stop_timeout))
for pid in "${pids[@]}"; do
  while is_node "$pid" && [ "$SECONDS" -lt "$deadline" ]; do
    sleep 0.5
  done
  if is_node "$pid"; then
    say "pid $pid did not stop within ${stop_timeout} s: killing it."
    kill -KILL "$pid" 2>/dev/null || true
  fi
done

if [ -f "$dir/pg/PG_VERSION" ]; then
  as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
  if as_postgres "$pg_bin/pg_ctl" status -D "$dir/pg" >/dev/null 2>&1; then
    say "Stopping PostgreSQL ..."
    as_postgres "$pg_bin/pg_ctl" stop -D "$dir/pg" -m fast -w -t 60 >/dev/null
  fi
fi
say "Stopped. The data is kept in $dir."
