#!/usr/bin/env bash
# The web app's first load (bench/README.md): publishes the desk (Release), starts it on a free loopback
# port with a fresh database, a bench coordinator and a throw-away key-ring certificate (Production
# refuses to start without one), measures with Debian's Chromium, stops it by PID.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT

[ -n "${DESK_BENCH_PUBLISHED:-}" ] && cp -r "$DESK_BENCH_PUBLISHED" "$work/desk" || dotnet publish src/DIH4S.Api -c Release -o "$work/desk" --nologo -v quiet
dotnet build bench/DIH4S.Bench -c Release --nologo -v quiet

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
port=$(free_port) silo=$(free_port) gateway=$(free_port)
email=bench@desk.test password=a-bench-password-123
# The data-protection keys are encrypted with a certificate (ADR 0014): a self-signed one, in one PEM file.
openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=dih4s-bench-key-ring -days 2 \
  -keyout "$work/key-ring.pem" -out "$work/key-ring-cert.pem" 2>/dev/null
cat "$work/key-ring-cert.pem" >> "$work/key-ring.pem"
(cd "$work" && ASPNETCORE_ENVIRONMENT=Production Storage__ConnectionString="Data Source=$work/desk.db" \
  DataProtection__Certificate__Path="$work/key-ring.pem" \
  Bootstrap__AdminEmail=$email Bootstrap__AdminPassword=$password Orleans__SiloPort=$silo Orleans__GatewayPort=$gateway \
  RateLimits__SignInPerMinute=10000 Logging__LogLevel__Default=Warning \
  exec dotnet "$work/desk/DIH4S.Api.dll" --urls "http://127.0.0.1:$port") &
pid=$!
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.5; done

echo "desk $(git rev-parse --short HEAD) on http://127.0.0.1:$port, $(nproc) cores, $(date -u +%F)"
dotnet bench/DIH4S.Bench/bin/Release/net10.0/DIH4S.Bench.dll first-load "http://127.0.0.1:$port/" "$email" "$password" "$runs"
