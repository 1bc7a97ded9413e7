#!/usr/bin/env bash
# The load benchmark (bench/README.md): publishes the desk (Release), and for each scenario starts a fresh node on
# free loopback ports with a fresh SQLite database, a bench coordinator, a throw-away key-ring certificate
# (Production refuses to start without one) and the quotas and rate limits raised out of the way, drives it through
# its public API, and stops it by PID. At the end, one table of every figure with its goal.
# Scenario cluster instead starts a private PostgreSQL, measures pgbench's single-row upsert rate on it, then starts
# three nodes clustered on it and drives the lifecycle loop over all three.
#   bash bench/load.sh [raw] [lifecycle] [contested] [live] [growth]     # default: these five, in this order
#   bash bench/load.sh cluster                                            # the three-node PostgreSQL cluster
#   DESK_BENCH_QUICK=1 bash bench/load.sh                                  # small sizes: a few minutes in all
set -euo pipefail
cd "$(dirname "$0")/.."
defaults=(raw lifecycle contested live growth)
all=("${defaults[@]}" cluster)
scenarios=("$@")
[ ${#scenarios[@]} -eq 0 ] && scenarios=("${defaults[@]}")
for s in "${scenarios[@]}"; do
  [[ " ${all[*]} " == *" $s "* ]] || { echo "unknown scenario '$s' (one of: ${all[*]})" >&2; exit 2; }
done

work=$(mktemp -d "${DESK_BENCH_DIR:-${TMPDIR:-/tmp}}/dih4s-load.XXXXXX")
mkdir -p "$work/data"
node_pids=() node_ports=() node_names=() bare_pid="" pg_dir=""
stop() { # stop one process we started, by its PID
  [ -n "$1" ] || return 0
  kill "$1" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}
stop_nodes() { # every node of the scenario, then forget them
  local p; for p in "${node_pids[@]}"; do stop "$p"; done
  node_pids=() node_ports=() node_names=()
}
cleanup() {
  stop_nodes; stop "$bare_pid"; stop_postgres
  if [ "${DESK_BENCH_KEEP:-0}" = 1 ]; then echo "kept $work${pg_dir:+ and $pg_dir}"; else rm -rf "$work" ${pg_dir:+"$pg_dir"}; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ -n "${DESK_BENCH_PUBLISHED:-}" ]; then cp -r "$DESK_BENCH_PUBLISHED" "$work/desk"
else dotnet publish src/DIH4S.Api -c Release -o "$work/desk" --nologo -v quiet; fi
dotnet build bench/DIH4S.Bench -c Release --nologo -v quiet
bench=(dotnet bench/DIH4S.Bench/bin/Release/net10.0/DIH4S.Bench.dll)

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
email=bench@desk.test password=a-bench-password-123
service_id=dih4s-desk cluster_id=dih4s
results="$work/results.jsonl"
: > "$results"
# The data-protection keys are encrypted with a certificate (ADR 0014): a self-signed one, in one PEM file.
openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=dih4s-bench-key-ring -days 2 \
  -keyout "$work/key-ring.pem" -out "$work/key-ring-cert.pem" 2>/dev/null
cat "$work/key-ring-cert.pem" >> "$work/key-ring.pem"

launch_node() { # $1: the node's name (names its log); then its storage settings (NAME=value), on top of the bench's
  local name=$1 port silo gateway; shift
  port=$(free_port) silo=$(free_port) gateway=$(free_port)
  # Quotas and rate limits raised so the figures are the engine's, not the limiters' (README "Configuration");
  # tokens outlive the longest run. Everything else is the default.
  (cd "$work" && exec env ASPNETCORE_ENVIRONMENT=Production \
    DataProtection__Certificate__Path="$work/key-ring.pem" \
    Bootstrap__AdminEmail=$email Bootstrap__AdminPassword=$password \
    Cluster__SiloPort=$silo Cluster__GatewayPort=$gateway Cluster__ServiceId=$service_id Cluster__ClusterId=$cluster_id \
    RateLimits__SignInPerMinute=1000000 \
    Quotas__WritesPerMinute=100000000 Quotas__HubConnectionsPerUser=100000 \
    Quotas__CommentsPerRequest=100000 Quotas__CommentsPerUserPerHour=100000000 Quotas__SeatChangesPerUserPerHour=100000000 \
    Quotas__PendingBookingsPerPerson=100000000 Quotas__PendingBookingsPerOrganization=100000000 \
    Auth__AccessTokenLifetime=1.00:00:00 Auth__RefreshTokenLifetime=2.00:00:00 \
    Logging__LogLevel__Default=Warning \
    "$@" dotnet "$work/desk/DIH4S.Api.dll" --urls "http://127.0.0.1:$port") >"$work/node-$name.log" 2>&1 &
  node_pids+=($!) node_ports+=("$port") node_names+=("$name")
  gateway_port=$gateway
}

ready() { # $1: a node's HTTP port. /health/ready (JSON) where the desk has it; where not, that path is a page of the
  # web app (HTML) and /health is asked instead
  local answer
  answer=$(curl -s -o /dev/null -w '%{http_code} %{content_type}' "http://127.0.0.1:$1/health/ready") || return 1
  case "$answer" in
    "200 application/json"*) health=/health/ready ;;
    "200 text/html"*) curl -sf "http://127.0.0.1:$1/health" >/dev/null || return 1; health=/health ;; # the web app's page
    *) return 1 ;;
  esac
}

wait_nodes() { # until every node started answers ready
  local i
  for i in "${!node_pids[@]}"; do
    for _ in $(seq 1 240); do
      ready "${node_ports[$i]}" && continue 2
      kill -0 "${node_pids[$i]}" 2>/dev/null || break
      sleep 0.5
    done
    echo "node ${node_names[$i]} did not start; its log:" >&2; tail -n 30 "$work/node-${node_names[$i]}.log" >&2; exit 1
  done
}

start_node() { # $1: the scenario, which names the database and the log
  launch_node "$1" Storage__ConnectionString="Data Source=$work/data/$1.db"
  wait_nodes
  pid=${node_pids[0]} port=${node_ports[0]} gateway=$gateway_port
}

# The cluster scenario's PostgreSQL: a private instance of the installed server (Debian's postgresql package) in a
# folder of its own, on a free loopback port, run as the postgres user when we are root (initdb refuses root).
pg_bin=${DESK_BENCH_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
psql_() { "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -v ON_ERROR_STOP=1 -qAtX "$@"; }
start_postgres() {
  [ -x "$pg_bin/initdb" ] || { echo "scenario cluster needs PostgreSQL 15 or later: apt-get install postgresql (or DESK_BENCH_PG_BIN=<its bin folder>)" >&2; exit 1; }
  pg_dir=$(mktemp -d "${DESK_BENCH_DIR:-${TMPDIR:-/tmp}}/dih4s-load-pg.XXXXXX")
  [ "$(id -u)" = 0 ] && chown postgres: "$pg_dir"
  pg_port=$(free_port)
  as_postgres "$pg_bin/initdb" -D "$pg_dir/data" -U postgres --auth=trust -E UTF8 >"$pg_dir/initdb.log" 2>&1 \
    || { echo "initdb failed:" >&2; cat "$pg_dir/initdb.log" >&2; exit 1; }
  # The defaults for durability (fsync, synchronous_commit, full_page_writes: on); connections for three nodes' pools.
  as_postgres "$pg_bin/pg_ctl" start -w -t 60 -D "$pg_dir/data" -l "$pg_dir/server.log" \
    -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $pg_dir -c max_connections=300" >/dev/null \
    || { echo "PostgreSQL did not start:" >&2; tail -n 20 "$pg_dir/server.log" >&2; exit 1; }
  pg_durability=$(psql_ -d postgres -c "SELECT 'fsync=' || current_setting('fsync') || ', synchronous_commit=' || current_setting('synchronous_commit')")
  echo "  PostgreSQL $(psql_ -d postgres -c "SHOW server_version"), private instance on 127.0.0.1:$pg_port ($pg_dir): $pg_durability," \
    "$(psql_ -d postgres -c "SELECT 'full_page_writes=' || current_setting('full_page_writes') || ', wal_sync_method=' || current_setting('wal_sync_method')
      || ', shared_buffers=' || current_setting('shared_buffers') || ', max_connections=' || current_setting('max_connections')")"
}
stop_postgres() {
  [ -n "$pg_dir" ] && [ -f "$pg_dir/data/postmaster.pid" ] || return 0
  as_postgres "$pg_bin/pg_ctl" stop -m fast -w -D "$pg_dir/data" >/dev/null 2>&1 || true
}

pgbench_upserts() { # the raw rate: pgbench's single-row upsert on the same PostgreSQL, before any node starts
  local clients=${DESK_BENCH_PGBENCH_CLIENTS:-16} seconds=${DESK_BENCH_PGBENCH_SECONDS:-$([ "${DESK_BENCH_QUICK:-0}" = 1 ] && echo 5 || echo 20)}
  psql_ -d postgres -c "CREATE DATABASE bench_upsert"
  # 100,000 rows of about 200 bytes first, so the run measures the steady state: an update of an existing row.
  psql_ -d bench_upsert -c "CREATE TABLE bench_upsert (id integer PRIMARY KEY, version integer NOT NULL, payload text NOT NULL);
    INSERT INTO bench_upsert SELECT i, 1, repeat('a', 200) FROM generate_series(1, 100000) i;" -c "VACUUM ANALYZE bench_upsert"
  cat > "$work/upsert.sql" <<'SQL'
\set id random(1, 100000)
INSERT INTO bench_upsert (id, version, payload) VALUES (:id, 1, repeat(chr(97 + :id % 26), 200))
  ON CONFLICT (id) DO UPDATE SET version = bench_upsert.version + 1, payload = excluded.payload;
SQL
  local pgbench=$pg_bin/pgbench; [ -x "$pgbench" ] || pgbench=pgbench
  echo "  pgbench -n -c $clients -j 2 -T $seconds -f upsert.sql (nothing else running on the database)"
  "$pgbench" -n -c "$clients" -j 2 -T "$seconds" -h 127.0.0.1 -p "$pg_port" -U postgres -f "$work/upsert.sql" bench_upsert \
    >"$work/pgbench.log" 2>&1 || { echo "pgbench failed:" >&2; cat "$work/pgbench.log" >&2; exit 1; }
  pgbench_tps=$(sed -n 's/^tps = \([0-9.]*\) (without initial connection time)$/\1/p' "$work/pgbench.log")
  local latency; latency=$(sed -n 's/^latency average = //p' "$work/pgbench.log")
  [ -n "$pgbench_tps" ] || { echo "no tps in pgbench's output:" >&2; cat "$work/pgbench.log" >&2; exit 1; }
  pgbench_note="$clients clients, $seconds s; $pg_durability"
  echo "  pgbench: $pgbench_tps upserts/s, latency average $latency"
}

start_cluster() { # a private PostgreSQL, pgbench on it, then DESK_BENCH_CLUSTER_NODES (3) nodes clustered on it
  start_postgres
  pgbench_upserts
  local i database="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=dih4s_bench"
  # Started together, as an operator's script would: each applies the schema under the advisory lock and creates the
  # database if missing; they share the key-ring certificate (the data-protection keys are in the database, under it).
  for i in $(seq 1 "${DESK_BENCH_CLUSTER_NODES:-3}"); do
    launch_node "cluster-$i" Storage__Provider=postgres Storage__ConnectionString="$database" Cluster__AdvertisedAddress=127.0.0.1
  done
  wait_nodes
  echo "  ${#node_pids[@]} nodes ready ($health): $(for i in "${!node_pids[@]}"; do printf 'http://127.0.0.1:%s pid %s; ' "${node_ports[$i]}" "${node_pids[$i]}"; done)"
  pid=${node_pids[0]} gateway=$gateway_port
}

start_bare_host() {
  bare_port=$(free_port)
  # Server GC, as the desk (a Web SDK app) runs with.
  DOTNET_gcServer=1 "${bench[@]}" bare-host --urls "http://127.0.0.1:$bare_port" >"$work/bare-host.log" 2>&1 &
  bare_pid=$!
  for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$bare_port/health" >/dev/null && return 0; sleep 0.5; done
  echo "the bare host did not start" >&2; cat "$work/bare-host.log" >&2; exit 1
}

note() { # a figure from the script: $1 scenario, $2 name, $3 value, $4 goal (==0 or none), $5 unit (default count)
  local goals='null'; [ "$4" = "==0" ] && goals='[{"op":"==","value":0}]'
  printf '{"key":"%s.%s","scenario":"%s","name":"%s","value":%s,"unit":"%s","goals":%s}\n' \
    "$1" "$RANDOM$RANDOM" "$1" "$2" "$3" "${5:-count}" "$goals" >> "$results"
}

check_nodes_running() { # $1: the scenario; each node of it that died before the end counts against a goal of 0
  local i
  for i in "${!node_pids[@]}"; do
    kill -0 "${node_pids[$i]}" 2>/dev/null || note "$1" "node ${node_names[$i]} was no longer running at the end" 1 "==0"
  done
}

echo "desk $(git rev-parse --short HEAD) $(git rev-parse --abbrev-ref HEAD), $(nproc) cores, $(date -u +%FT%TZ)$([ "${DESK_BENCH_QUICK:-0}" = 1 ] && echo ', quick mode'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
for scenario in "${scenarios[@]}"; do
  started=$SECONDS
  echo "== $scenario"
  if [ "$scenario" = raw ]; then
    DESK_BENCH_DATA_DIR="$work/data" "${bench[@]}" load raw http://127.0.0.1/ - - "$results"
  else
    pgbench_tps="" pgbench_note=""
    if [ "$scenario" = cluster ]; then start_cluster; else start_node "$scenario"; fi
    [ "$scenario" = live ] && start_bare_host
    urls=$(printf 'http://127.0.0.1:%s/,' "${node_ports[@]}")
    # A cap on the whole scenario, on top of each scenario's own duration caps.
    minutes=${DESK_BENCH_SCENARIO_MINUTES:-30}
    [ "$scenario" = growth ] && minutes=$(( ${DESK_BENCH_GROWTH_MINUTES:-90} + ${DESK_BENCH_ACTIVATE_MINUTES:-10} + 15 ))
    set +e
    DESK_BENCH_NODE_PID=$pid DESK_BENCH_DATA_DIR="$work/data" DESK_BENCH_BARE_URL="${bare_port:+http://127.0.0.1:$bare_port}" \
      DESK_BENCH_GATEWAY_PORT=$gateway DESK_BENCH_SERVICE_ID=$service_id DESK_BENCH_CLUSTER_ID=$cluster_id \
      DESK_BENCH_PGBENCH_TPS="$pgbench_tps" DESK_BENCH_PGBENCH_NOTE="$pgbench_note" \
      timeout -k 10 "${minutes}m" "${bench[@]}" load "$scenario" "${urls%,}" "$email" "$password" "$results"
    code=$?
    set -e
    [ $code -eq 124 ] && note "$scenario" "stopped by the ${minutes}-minute cap on the scenario" 1 "==0"
    [ $code -ne 0 ] && [ $code -ne 124 ] && note "$scenario" "the bench exited with $code" 1 "==0"
    stop "$bare_pid"; bare_pid="" bare_port=""
    names=("${node_names[@]}")
    if [ "$scenario" = growth ] && [ $code -eq 0 ]; then
      # The memory step: the node restarted on the grown store, so only the requests it reads are active in it.
      check_nodes_running "$scenario"
      stop_nodes
      launch_node growth-restarted Storage__ConnectionString="Data Source=$work/data/growth.db"
      wait_nodes
      pid=${node_pids[0]} gateway=$gateway_port
      set +e
      DESK_BENCH_NODE_PID=$pid DESK_BENCH_DATA_DIR="$work/data" \
        timeout -k 10 "$(( ${DESK_BENCH_ACTIVATE_MINUTES:-10} + 5 ))m" "${bench[@]}" load growth-memory "http://127.0.0.1:${node_ports[0]}/" "$email" "$password" "$results"
      code=$?
      set -e
      [ $code -ne 0 ] && note "$scenario" "the memory step exited with $code" 1 "==0"
      names+=("${node_names[@]}")
    fi
    check_nodes_running "$scenario"
    stop_nodes; pid=""
    for name in "${names[@]}"; do
      log="$work/node-$name.log" which="node log"; [ "$name" = "$scenario" ] || which="node $name log"
      errors=$(grep -cE '^(fail|crit):' "$log" || true) warnings=$(grep -cE '^warn:' "$log" || true)
      note "$scenario" "$which: errors (fail, crit); $warnings warnings" "$errors" "==0"
      if [ "$errors" -gt 0 ] || [ "$warnings" -gt 0 ]; then
        echo "  $which, first lines of warnings and errors:"
        { grep -E -A1 '^(warn|fail|crit):' "$log" | grep -v '^--$' | head -n 12 | cut -c1-220 | sed 's/^/    /'; } || true
      fi
    done
    if [ "$scenario" = cluster ]; then
      # What the server logged as ERROR (a failed statement of the desk's SQL would show here), for the record.
      pg_errors=$(grep -c ' ERROR: ' "$pg_dir/server.log" || true)
      note "$scenario" "PostgreSQL log: ERROR lines" "$pg_errors" none
      [ "$pg_errors" -gt 0 ] && { grep -A1 ' ERROR: ' "$pg_dir/server.log" | grep -v '^--$' | head -n 8 | cut -c1-220 | sed 's/^/    /'; } || true
      stop_postgres
    fi
  fi
  note "$scenario" "scenario time" $((SECONDS - started)) none s
done

echo
echo "== results: desk $(git rev-parse --short HEAD), $(nproc) cores$([ "${DESK_BENCH_QUICK:-0}" = 1 ] && echo ', quick mode'), load average now $(cut -d' ' -f1-3 /proc/loadavg)"
"${bench[@]}" load-report "$results"
[ -n "${DESK_BENCH_RESULTS:-}" ] && cp "$results" "$DESK_BENCH_RESULTS"
exit 0
