#!/usr/bin/env bash
# The load benchmark (bench/README.md): publishes the desk (Release), and for each scenario starts a fresh node on
# free loopback ports with a fresh SQLite database, a bench coordinator, a throw-away key-ring certificate
# (Production refuses to start without one) and the quotas and rate limits raised out of the way, drives it through
# its public API, and stops it by PID. At the end, one table of every figure with its goal.
#   bash bench/load.sh [raw] [lifecycle] [contested] [live] [growth]     # default: all, in this order
#   DESK_BENCH_QUICK=1 bash bench/load.sh                                  # small sizes: a few minutes in all
set -euo pipefail
cd "$(dirname "$0")/.."
all=(raw lifecycle contested live growth)
scenarios=("$@")
[ ${#scenarios[@]} -eq 0 ] && scenarios=("${all[@]}")
for s in "${scenarios[@]}"; do
  [[ " ${all[*]} " == *" $s "* ]] || { echo "unknown scenario '$s' (one of: ${all[*]})" >&2; exit 2; }
done

work=$(mktemp -d "${DESK_BENCH_DIR:-${TMPDIR:-/tmp}}/dih4s-load.XXXXXX")
mkdir -p "$work/data"
pid="" bare_pid=""
stop() { # stop one process we started, by its PID
  [ -n "$1" ] || return 0
  kill "$1" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}
cleanup() {
  stop "$pid"; stop "$bare_pid"
  if [ "${DESK_BENCH_KEEP:-0}" = 1 ]; then echo "kept $work"; else rm -rf "$work"; fi
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

start_node() { # $1: the scenario, which names the database and the log
  port=$(free_port) silo=$(free_port) gateway=$(free_port)
  # Quotas and rate limits raised so the figures are the engine's, not the limiters' (README "Configuration");
  # tokens outlive the longest run. Everything else is the default.
  (cd "$work" && ASPNETCORE_ENVIRONMENT=Production Storage__ConnectionString="Data Source=$work/data/$1.db" \
    DataProtection__Certificate__Path="$work/key-ring.pem" \
    Bootstrap__AdminEmail=$email Bootstrap__AdminPassword=$password \
    Orleans__SiloPort=$silo Orleans__GatewayPort=$gateway Orleans__ServiceId=$service_id Orleans__ClusterId=$cluster_id \
    RateLimits__SignInPerMinute=1000000 \
    Quotas__WritesPerMinute=100000000 Quotas__HubConnectionsPerUser=100000 \
    Quotas__CommentsPerRequest=100000 Quotas__CommentsPerUserPerHour=100000000 Quotas__SeatChangesPerUserPerHour=100000000 \
    Quotas__PendingBookingsPerPerson=100000000 Quotas__PendingBookingsPerOrganization=100000000 \
    Auth__AccessTokenLifetime=1.00:00:00 Auth__RefreshTokenLifetime=2.00:00:00 \
    Logging__LogLevel__Default=Warning \
    exec dotnet "$work/desk/DIH4S.Api.dll" --urls "http://127.0.0.1:$port") >"$work/node-$1.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && return 0; kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  echo "the node did not start; its log:" >&2; tail -n 30 "$work/node-$1.log" >&2; exit 1
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

echo "desk $(git rev-parse --short HEAD) $(git rev-parse --abbrev-ref HEAD), $(nproc) cores, $(date -u +%FT%TZ)$([ "${DESK_BENCH_QUICK:-0}" = 1 ] && echo ', quick mode'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
for scenario in "${scenarios[@]}"; do
  started=$SECONDS
  echo "== $scenario"
  if [ "$scenario" = raw ]; then
    DESK_BENCH_DATA_DIR="$work/data" "${bench[@]}" load raw http://127.0.0.1/ - - "$results"
  else
    start_node "$scenario"
    [ "$scenario" = live ] && start_bare_host
    # A cap on the whole scenario, on top of each scenario's own duration caps.
    minutes=${DESK_BENCH_SCENARIO_MINUTES:-30}
    [ "$scenario" = growth ] && minutes=$(( ${DESK_BENCH_GROWTH_MINUTES:-90} + ${DESK_BENCH_ACTIVATE_MINUTES:-10} + 15 ))
    set +e
    DESK_BENCH_NODE_PID=$pid DESK_BENCH_DATA_DIR="$work/data" DESK_BENCH_BARE_URL="${bare_port:+http://127.0.0.1:$bare_port}" \
      DESK_BENCH_GATEWAY_PORT=$gateway DESK_BENCH_SERVICE_ID=$service_id DESK_BENCH_CLUSTER_ID=$cluster_id \
      timeout -k 10 "${minutes}m" "${bench[@]}" load "$scenario" "http://127.0.0.1:$port/" "$email" "$password" "$results"
    code=$?
    set -e
    [ $code -eq 124 ] && note "$scenario" "stopped by the ${minutes}-minute cap on the scenario" 1 "==0"
    [ $code -ne 0 ] && [ $code -ne 124 ] && note "$scenario" "the bench exited with $code" 1 "==0"
    stop "$bare_pid"; bare_pid="" bare_port=""
    kill -0 "$pid" 2>/dev/null || note "$scenario" "the node was no longer running at the end" 1 "==0"
    stop "$pid"; pid=""
    log="$work/node-$scenario.log"
    errors=$(grep -cE '^(fail|crit):' "$log" || true) warnings=$(grep -cE '^warn:' "$log" || true)
    note "$scenario" "node log: errors (fail, crit); $warnings warnings" "$errors" "==0"
    if [ "$errors" -gt 0 ] || [ "$warnings" -gt 0 ]; then
      echo "  node log, first lines of warnings and errors:"
      { grep -E -A1 '^(warn|fail|crit):' "$log" | grep -v '^--$' | head -n 12 | cut -c1-220 | sed 's/^/    /'; } || true
    fi
  fi
  note "$scenario" "scenario time" $((SECONDS - started)) none s
done

echo
echo "== results: desk $(git rev-parse --short HEAD), $(nproc) cores$([ "${DESK_BENCH_QUICK:-0}" = 1 ] && echo ', quick mode'), load average now $(cut -d' ' -f1-3 /proc/loadavg)"
"${bench[@]}" load-report "$results"
[ -n "${DESK_BENCH_RESULTS:-}" ] && cp "$results" "$DESK_BENCH_RESULTS"
exit 0
