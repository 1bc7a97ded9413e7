#!/usr/bin/env bash
# Starts a local DIH4S Desk cluster: a private PostgreSQL 15 and CLUSTER_NODES desk nodes on it.
#
#   bash infra/cluster/up.sh        # then: bash infra/cluster/down.sh
#
# Everything lives under data/cluster/ of the repository and is kept by down.sh, so up.sh after
# down.sh finds every item again:
#   pg/            the database cluster (initdb as the postgres user), run/ its socket, postgres.log
#   app/           the published desk (dotnet publish, every run)
#   keys/          the certificate that encrypts the data-protection keys, shared by the nodes
#   node-N.log     each node's output; node-N.pid its process id
#
# Settings (environment):
#   CLUSTER_NODES (3), CLUSTER_BASE_PORT (5081: node N listens on 5081+N-1), CLUSTER_PG_PORT (5433),
#   CLUSTER_READY_TIMEOUT (120 s), Bootstrap__AdminEmail / Bootstrap__AdminPassword (the first
#   coordinator: the nodes run in Production, where the development coordinator does not exist).
# Node N uses silo port 11111+N and gateway port 30000+N, all on 127.0.0.1.
#
# Prints one line per node on standard output, `node N http://127.0.0.1:PORT pid PID`, once every
# node answers /health/ready; progress goes to standard error.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
nodes=${CLUSTER_NODES:-3}
base_port=${CLUSTER_BASE_PORT:-5081}
pg_port=${CLUSTER_PG_PORT:-5433}
ready_timeout=${CLUSTER_READY_TIMEOUT:-120}
pg_bin=/usr/lib/postgresql/15/bin
dir=$root/data/cluster
pgdata=$dir/pg
socket_dir=$dir/run
app=$dir/app
keys=$dir/keys
connection="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=dih4s"

say() { printf '%s\n' "$*" >&2; }
fail() { say "up.sh: $*"; exit 1; }

for value in "$nodes" "$base_port" "$pg_port" "$ready_timeout"; do
  [[ $value =~ ^[1-9][0-9]*$ ]] || fail "CLUSTER_NODES, CLUSTER_BASE_PORT, CLUSTER_PG_PORT and CLUSTER_READY_TIMEOUT must be positive whole numbers (got '$value')."
done
command -v dotnet >/dev/null || fail "the .NET SDK (dotnet) is not on the PATH."
command -v curl >/dev/null || fail "curl is needed to wait for the nodes; install it (apt-get install curl)."
command -v openssl >/dev/null || fail "openssl is needed to make the nodes' key-ring certificate; install it (apt-get install openssl)."

# Whether something accepts TCP connections on 127.0.0.1:$1.
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Runs a PostgreSQL server program as the postgres user (it refuses to run as root).
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# --- PostgreSQL 15 ---------------------------------------------------------------------------
if [ ! -x "$pg_bin/initdb" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    fail "PostgreSQL 15 is not installed ($pg_bin/initdb is missing). Install it as root (apt-get install postgresql-15) or run this script as root."
  fi
  command -v apt-get >/dev/null || fail "PostgreSQL 15 is not installed and apt-get is not available: install PostgreSQL 15 so that $pg_bin/initdb exists."
  say "Installing PostgreSQL 15 from Debian ..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >/dev/null
fi

mkdir -p "$dir" "$pgdata" "$socket_dir"
touch "$dir/postgres.log"
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || fail "there is no postgres user; reinstall postgresql-15."
  chown postgres: "$pgdata" "$socket_dir" "$dir/postgres.log"
  chmod 700 "$pgdata"
  runuser -u postgres -- test -x "$dir" || fail "the postgres user cannot reach $dir: every folder above it must be searchable by others (chmod o+x)."
fi

if [ ! -f "$pgdata/PG_VERSION" ]; then
  say "Creating the database cluster in $pgdata ..."
  as_postgres "$pg_bin/initdb" -D "$pgdata" --auth=trust -U postgres --encoding=UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; fail "initdb failed."; }
fi

if as_postgres "$pg_bin/pg_ctl" status -D "$pgdata" >/dev/null 2>&1; then
  say "PostgreSQL is already running ($pgdata)."
else
  listening "$pg_port" && fail "port $pg_port is taken by another program; choose another with CLUSTER_PG_PORT."
  say "Starting PostgreSQL on 127.0.0.1:$pg_port ..."
  as_postgres "$pg_bin/pg_ctl" start -D "$pgdata" -l "$dir/postgres.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -c port=$pg_port -c unix_socket_directories='$socket_dir' -c max_connections=300" >/dev/null \
    || { tail -n 20 "$dir/postgres.log" >&2; fail "PostgreSQL did not start (log: $dir/postgres.log)."; }
fi

psql=("$pg_bin/psql" -X -q -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -v ON_ERROR_STOP=1)
if [ -z "$("${psql[@]}" -tAc "SELECT 1 FROM pg_database WHERE datname = 'dih4s'")" ]; then
  say "Creating database dih4s ..."
  "${psql[@]}" -c "CREATE DATABASE dih4s"
fi

# --- the nodes ---------------------------------------------------------------------------------
pid_of() { local file=$dir/node-$1.pid; [ -f "$file" ] && kill -0 "$(cat "$file")" 2>/dev/null && cat "$file"; }

running=()
for ((n = 1; n <= nodes; n++)); do
  if pid_of "$n" >/dev/null; then running+=("$n"); fi
done

if [ ${#running[@]} -eq 0 ]; then
  say "Publishing the desk to $app ..."
  dotnet publish "$root/src/DIH4S.Api" -c Release -o "$app" --nologo -v quiet >"$dir/publish.log" 2>&1 \
    || { tail -n 30 "$dir/publish.log" >&2; fail "dotnet publish failed (log: $dir/publish.log)."; }
else
  say "Nodes ${running[*]} are already running: the published desk is left as it is."
fi
[ -f "$app/DIH4S.Api.dll" ] || fail "$app/DIH4S.Api.dll is missing; run down.sh, then up.sh again."

# Outside Development a node refuses to start without a certificate for its data-protection keys
# (README, Security). The nodes share the key ring through the database, so they share this one.
mkdir -p "$keys"
chmod 700 "$keys"
if [ ! -f "$keys/key-ring.crt" ] || [ ! -f "$keys/key-ring.key" ]; then
  say "Creating the key-ring certificate in $keys ..."
  (umask 077 && openssl req -x509 -newkey rsa:3072 -nodes -days 3650 -subj "/CN=DIH4S Desk key ring (local cluster)" \
    -keyout "$keys/key-ring.key" -out "$keys/key-ring.crt" 2>/dev/null) || fail "openssl could not create the key-ring certificate."
fi

for ((n = 1; n <= nodes; n++)); do
  port=$((base_port + n - 1))
  if pid_of "$n" >/dev/null; then
    continue
  fi
  for taken in "$port" $((11111 + n)) $((30000 + n)); do
    listening "$taken" && fail "port $taken (for node $n) is taken by another program; stop it, or choose CLUSTER_BASE_PORT."
  done
  if [ -z "${Bootstrap__AdminEmail:-}" ] && [ "$n" -eq 1 ]; then
    say "Bootstrap__AdminEmail is not set: no coordinator is created (the nodes run in Production, without the development coordinator)."
  fi
  say "Starting node $n on http://127.0.0.1:$port ..."
  (
    cd "$dir"
    export ASPNETCORE_ENVIRONMENT=Production
    export ASPNETCORE_URLS="http://127.0.0.1:$port"
    export Storage__Provider=postgres
    export Storage__ConnectionString="$connection"
    export Cluster__SiloPort=$((11111 + n))
    export Cluster__GatewayPort=$((30000 + n))
    export Cluster__AdvertisedAddress=127.0.0.1
    export DataProtection__Certificate__Path="$keys/key-ring.crt"
    export DataProtection__Certificate__KeyPath="$keys/key-ring.key"
    # Bootstrap__AdminEmail / Bootstrap__AdminPassword and any other setting pass through the environment.
    exec setsid dotnet "$app/DIH4S.Api.dll" </dev/null >"$dir/node-$n.log" 2>&1
  ) &
  echo $! >"$dir/node-$n.pid"
  disown $!
done

# --- wait until every node is ready -------------------------------------------------------------
deadline=$((SECONDS + ready_timeout))
for ((n = 1; n <= nodes; n++)); do
  port=$((base_port + n - 1))
  until curl -sf -o /dev/null "http://127.0.0.1:$port/health/ready"; do
    if ! pid_of "$n" >/dev/null; then
      tail -n 30 "$dir/node-$n.log" >&2
      fail "node $n stopped while starting (log: $dir/node-$n.log). Stop the others with infra/cluster/down.sh."
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      tail -n 30 "$dir/node-$n.log" >&2
      fail "node $n did not answer /health/ready within ${ready_timeout} s (log: $dir/node-$n.log). Stop the cluster with infra/cluster/down.sh."
    fi
    sleep 1
  done
done

for ((n = 1; n <= nodes; n++)); do
  echo "node $n http://127.0.0.1:$((base_port + n - 1)) pid $(cat "$dir/node-$n.pid")"
done
