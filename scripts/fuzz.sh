#!/usr/bin/env bash
# Fuzzes every endpoint of a fresh server and prints the requests sent by status class:
#   scripts/fuzz.sh [seconds, default 600] [fuzzer options: --seed N --concurrency N]
# The server runs from its Release build on 127.0.0.1 (a free port) on a throw-away SQLite file, with the test
# environments (tests/Flows.AuthServer.Tests/environments) and a random admin client secret; passwords are hashed
# with 1,000 iterations, so that the sign-ins the fuzzer completes for live codes and tokens cost little, and the rate
# limits are off (every request comes from one address: a limit would answer most of them with 429 and reach nothing).
# Exits 1 when a request got a 5xx or the server logged an unhandled exception.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
shift || true

dotnet build src/Flows.AuthServer -c Release -nologo -v q >/dev/null
dotnet build fuzz/Flows.Fuzz -c Release -nologo -v q >/dev/null

work=$(mktemp -d /tmp/flows-fuzz.XXXXXX)
port=${FLOWS_FUZZ_PORT:-$(( 20000 + RANDOM % 20000 ))}
secret=$(head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
environments=$PWD/tests/Flows.AuthServer.Tests/environments
(
  cd src/Flows.AuthServer
  export ASPNETCORE_URLS=http://127.0.0.1:$port Flows__PublicUrl=http://127.0.0.1:$port \
    Flows__Database__ConnectionString="Data Source=$work/flows.db" Flows__Secrets__Directory=$work/secrets \
    Flows__Import__0=$environments/test.json Flows__Import__1=$environments/other.json \
    Flows__Admin__ClientSecret=$secret Flows__Passwords__Iterations=1000 Flows__RateLimiting__Enabled=false
  exec dotnet bin/Release/net10.0/Flows.AuthServer.dll >"$work/server.log" 2>&1
) &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT

for _ in $(seq 120); do
  curl -sf "http://127.0.0.1:$port/" >/dev/null && break
  sleep 0.5
done

set +e
dotnet fuzz/Flows.Fuzz/bin/Release/net10.0/Flows.Fuzz.dll --target "http://127.0.0.1:$port" --seconds "$seconds" --admin-secret "$secret" "$@"
status=$?
set -e
unhandled=$(grep -c '^fail: Flows.AuthServer.Failures' "$work/server.log" || true)
refused=$(grep -c 'refused as unreadable' "$work/server.log" || true)
echo "Server log ($work/server.log): $unhandled unhandled exceptions, $refused requests refused as unreadable (warnings)"
if [ "$unhandled" -ne 0 ]; then
  exit 1
fi
exit "$status"
