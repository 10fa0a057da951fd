#!/usr/bin/env bash
# Flows server benchmark, side by side with the certified peer oidc-provider (bench/peer/run.sh).
#
#   bench/server/run.sh              # everything: Flows tokens/s, Flows sign-ins/s, then the peer's tokens/s
#   bench/server/run.sh --no-peer    # Flows only
#
# Publishes the server (Release) into a temporary directory, writes a bench environment with fresh random
# client secrets and user passwords (nothing secret is in source), starts it on 127.0.0.1 with its own SQLite
# file, and then:
#   1. client_credentials: wrk -t2 -c16 -d20s with bench/wrk/client-credentials.lua against /bench/as/token
#      (client_secret_basic, RS256-signed JWT access tokens), after a 20 s warm-up (the JIT settles in about that
#      long); the same load and warm-up as the peer's.
#   2. full sign-ins: `Flows.Bench signins` — authorize with PKCE → password through the JSON flow API → resume
#      → code for tokens — from 8, then 32, then 64 simulated browsers at once, after 20 s of warm-up; each row
#      counts the sign-ins that end in 20 s of its steady state (its browsers start 3 s before, and the sign-ins
#      still under way at the end finish uncounted),
#      next to the bound PBKDF2 puts on them (cores ÷ CPU time of one password verification at the server's
#      iterations, timed on one thread around each row: half the samples right before it, half right after, as the
#      machine's speed drifts over minutes and each row is compared with the machine it ran on; and "in-row":
#      cores ÷ the CPU the server's own hashing threads spent per sign-in in that row's window, the bound as the
#      machine was during the row itself, since its speed also moves from one second to the next). Then one more
#      row of 32 ("32+side"): while they sign in, one more client asks for discovery, a waiting flow and
#      client_credentials tokens, one at a time, and their latencies are reported: what a crowd signing in does to
#      everyone else. It is a row of its own, as the probes' requests take CPU from the sign-ins beside them.
#      It also times verifications on every core at once: what a hash costs when the whole machine hashes.
#   3. the peer (unless --no-peer), then one table. The server is stopped and the directory removed on exit.
# Load tool and server share this machine's cores on 127.0.0.1. The CPU lines say where the CPU went; when other
# processes took a large share, the numbers are not comparable: run again on a quiet machine.
#
# Environment: PORT (5600), PEER_PORT (3300), THREADS (2), CONNECTIONS (16), DURATION (20s), WARMUP (20s),
# SIGNIN_SECONDS (20 per row), SIGNIN_WARMUP (20), SIGNIN_CONCURRENCY (8,32,64), PROBE_AT (32), USERS (64), HASH_SAMPLES (20),
# ITERATIONS (the server's PBKDF2 iterations; default: the server's own default, 210000).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)

peer=1
for argument in "$@"; do
  case $argument in
    --no-peer) peer=0 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown argument $argument (try --help)" >&2; exit 2 ;;
  esac
done

port=${PORT:-5600}
threads=${THREADS:-2}
connections=${CONNECTIONS:-16}
duration=${DURATION:-20s}
warmup=${WARMUP:-20s}
signin_seconds=${SIGNIN_SECONDS:-20}
signin_warmup=${SIGNIN_WARMUP:-20}
concurrency=${SIGNIN_CONCURRENCY:-8,32,64}
probe_at=${PROBE_AT:-32}
user_count=${USERS:-64}
hash_samples=${HASH_SAMPLES:-20}
iterations=${ITERATIONS:-210000}
base="http://127.0.0.1:${port}"
lua="$root/bench/wrk/client-credentials.lua"

as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else
    echo "run.sh: '$*' needs root or sudo" >&2; return 1; fi
}

if ! command -v wrk >/dev/null 2>&1; then
  echo "run.sh: installing wrk" >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk \
    || { as_root apt-get update -q && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk; }
fi

if curl -s -o /dev/null "${base}/"; then
  echo "run.sh: something already listens on ${base}" >&2
  exit 1
fi

work=$(mktemp -d /tmp/flows-bench.XXXXXX)
server=""
stop_server() {
  if [[ -n $server ]] && kill -0 "$server" 2>/dev/null; then
    kill "$server"
    wait "$server" 2>/dev/null || true
  fi
  server=""
}
cleanup() { stop_server; rm -rf "$work"; }
trap cleanup EXIT

# Other builds may hold the same obj/ files for a moment: try again rather than fail the run.
with_retries() {
  local attempt
  for attempt in 1 2 3; do
    if "$@" >"$work/build.log" 2>&1; then return 0; fi
    echo "run.sh: '$*' failed (attempt $attempt), retrying" >&2
    sleep 5
  done
  cat "$work/build.log" >&2
  return 1
}
echo "building: dotnet publish src/Flows.AuthServer -c Release; dotnet build bench/Flows.Bench -c Release"
with_retries dotnet publish src/Flows.AuthServer -c Release -o "$work/server" -nologo
with_retries dotnet build bench/Flows.Bench -c Release -o "$work/bench" -nologo

# The bench environment: a client_credentials client, a web client for sign-ins, users with one password.
service_secret=$(openssl rand -hex 24)
web_secret=$(openssl rand -hex 24)
password=$(openssl rand -hex 16)
users=()
user_entries=()
for i in $(seq 1 "$user_count"); do
  users+=("bench-user-$i")
  user_entries+=("{ \"username\": \"bench-user-$i\", \"password\": \"$password\", \"name\": \"Bench User $i\" }")
done
cat >"$work/bench.json" <<EOF
{
  "id": "bench",
  "name": "Bench",
  "defaultFlow": "username-password",
  "applications": [
    { "clientId": "bench-service", "clientSecret": "$service_secret", "name": "Bench service",
      "type": "confidential", "grantTypes": [ "client_credentials" ] },
    { "clientId": "bench-web", "clientSecret": "$web_secret", "name": "Bench web application",
      "type": "confidential", "grantTypes": [ "authorization_code" ],
      "redirectUris": [ "https://bench.test/callback" ], "scopes": [ "openid", "profile" ] }
  ],
  "users": [ $(IFS=,; echo "${user_entries[*]}") ]
}
EOF

server_env=(
  ASPNETCORE_URLS="$base"
  Flows__Database__ConnectionString="Data Source=$work/flows.db"
  Flows__Import__0="$work/bench.json"
  Flows__Passwords__Iterations="$iterations"
  Flows__RateLimiting__Enabled=false   # the load comes from one address and one client: it measures, it does not guess
)
(cd "$work/server" && exec env "${server_env[@]}" ./Flows.AuthServer) >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 150); do
  curl -sf -o /dev/null "${base}/" && break
  kill -0 "$server" 2>/dev/null || { cat "$work/server.log" >&2; echo "run.sh: the server exited" >&2; exit 1; }
  sleep 0.2
done

# One token request by hand: the response must carry a JWT access token signed with RS256.
response=$(curl -sS -u "bench-service:${service_secret}" -d grant_type=client_credentials "${base}/bench/as/token")
header=$(sed -n 's/.*"access_token": *"\([^".]*\)\..*/\1/p' <<<"$response" | tr '_-' '/+')
while (( ${#header} % 4 )); do header+="="; done
if ! base64 -d <<<"$header" 2>/dev/null | grep -q '"alg":"RS256"'; then
  echo "run.sh: the token endpoint did not answer with an RS256 JWT access token: $response" >&2
  exit 1
fi
echo "token check: JWT access token, $(base64 -d <<<"$header")"

hz=$(getconf CLK_TCK)
cpu_seconds() { # utime + stime of a process, in seconds
  awk -v hz="$hz" '{ sub(/^.*\) /, ""); printf "%.2f", ($12 + $13) / hz }' "/proc/$1/stat"
}
children_cpu_seconds() { # cutime + cstime of this shell: the CPU of the children it has waited for
  awk -v hz="$hz" '{ sub(/^.*\) /, ""); printf "%.2f", ($14 + $15) / hz }' "/proc/$$/stat"
}
machine_ticks() { # busy, total and stolen jiffies over all cores (stolen: taken by the hypervisor for other guests)
  awk '/^cpu / { total = 0; for (i = 2; i <= 11; i++) total += $i; print total - $5 - $6, total, $9 }' /proc/stat
}
# Starts a CPU account; report_cpu NAME prints where the CPU went since, with the server as NAME's share.
start_cpu() {
  server_before=$(cpu_seconds "$server"); children_before=$(children_cpu_seconds)
  read -r busy_before total_before steal_before < <(machine_ticks)
}
report_cpu() { # $1: what the children (the load tool) are called; prints "server_cpu_seconds" into $work/cpu
  local busy_after total_after steal_after server_after children_after
  read -r busy_after total_after steal_after < <(machine_ticks)
  server_after=$(cpu_seconds "$server"); children_after=$(children_cpu_seconds)
  awk -v s0="$server_before" -v s1="$server_after" -v c0="$children_before" -v c1="$children_after" -v tool="$1" \
      -v b=$((busy_after - busy_before)) -v t=$((total_after - total_before)) -v st=$((steal_after - steal_before)) \
      -v hz="$hz" -v cores="$(nproc)" 'BEGIN {
    server = s1 - s0; load = c1 - c0; busy = b / hz; capacity = t / hz; stolen = st / hz; other = busy - server - load - stolen
    if (other < 0) other = 0
    printf "cpu during the run: Flows %.1f s, %s %.1f s, other processes %.1f s, stolen by the hypervisor %.1f s, of %.1f s on %d cores (%.0f%% busy)\n",
      server, tool, load, other, stolen, capacity, cores, 100 * busy / capacity
    if (other > 0.05 * capacity) printf "WARNING: other processes used %.0f%% of the machine: rerun on a quiet machine\n", 100 * other / capacity
  }'
  awk -v s0="$server_before" -v s1="$server_after" 'BEGIN { printf "%.2f", s1 - s0 }' >"$work/cpu"
}

echo
echo "== Flows: client_credentials tokens (nproc: $(nproc); wrk and the server both run on them, unpinned)"
export CLIENT_ID=bench-service CLIENT_SECRET="$service_secret"
echo "warm-up: wrk -t${threads} -c${connections} -d${warmup} (not counted)"
wrk -t"$threads" -c"$connections" -d"$warmup" -s "$lua" "$base" -- /bench/as/token >/dev/null
echo "command: CLIENT_SECRET=… wrk -t${threads} -c${connections} -d${duration} --latency -s bench/wrk/client-credentials.lua ${base} -- /bench/as/token"
start_cpu
wrk -t"$threads" -c"$connections" -d"$duration" --latency -s "$lua" "$base" -- /bench/as/token | tee "$work/wrk.txt"
report_cpu wrk
flows_tokens=$(awk '/^200 responses\/s:/ { print $3 }' "$work/wrk.txt")
flows_requests=$(awk '/^requests:/ { print $2 }' "$work/wrk.txt")
flows_cpu_per_token=$(awk -v cpu="$(cat "$work/cpu")" -v n="$flows_requests" 'BEGIN { printf "%.3f", 1000 * cpu / n }')
echo "Flows CPU per token: ${flows_cpu_per_token} ms"

echo
echo "== Flows: full sign-ins (authorize + PKCE → password via the flow API → resume → token)"
user_arguments=()
for user in "${users[@]}"; do user_arguments+=(--user "$user"); done
echo "command: dotnet Flows.Bench.dll signins --base ${base} --client bench-web --secret … ${user_arguments[*]} --password … --concurrency ${concurrency} --seconds ${signin_seconds}"
start_cpu
dotnet "$work/bench/Flows.Bench.dll" signins --base "$base" --client bench-web --secret "$web_secret" \
  "${user_arguments[@]}" --password "$password" --concurrency "$concurrency" --seconds "$signin_seconds" \
  --warmup "$signin_warmup" --iterations "$iterations" --hash-samples "$hash_samples" --server-pid "$server" \
  --probe-at "$probe_at" --service-client bench-service --service-secret "$service_secret" \
  | tee "$work/signins.txt"
report_cpu Flows.Bench
stop_server
bound=$(awk '/^sign-in bound:/ { print $3 }' "$work/signins.txt")
verification=$(awk '/^password verification:/ { print $3 }' "$work/signins.txt")

peer_tokens="" peer_cpu_per_token=""
if (( peer )); then
  echo
  echo "== Peer: oidc-provider (bench/peer/run.sh)"
  PORT=${PEER_PORT:-3300} THREADS=$threads CONNECTIONS=$connections DURATION=$duration WARMUP=$warmup \
    bench/peer/run.sh | tee "$work/peer.txt"
  peer_tokens=$(awk '/^200 responses\/s:/ { print $3 }' "$work/peer.txt")
  peer_requests=$(awk '/^requests:/ { print $2 }' "$work/peer.txt")
  peer_cpu=$(sed -n 's/^cpu during the run: node \([0-9.]*\) s.*/\1/p' "$work/peer.txt")
  peer_cpu_per_token=$(awk -v cpu="$peer_cpu" -v n="$peer_requests" 'BEGIN { printf "%.3f", 1000 * cpu / n }')
fi

echo
echo "== Summary ($(nproc) cores, load tool and server on 127.0.0.1, wrk -t${threads} -c${connections} -d${duration})"
printf '%-40s %14s %14s %8s\n' "" "Flows" "oidc-provider" "ratio"
printf '%-40s %14s %14s %8s\n' "client_credentials tokens/s (RS256 JWT)" "$flows_tokens" "${peer_tokens:-–}" \
  "$([[ -n $peer_tokens ]] && awk -v a="$flows_tokens" -v b="$peer_tokens" 'BEGIN { printf "%.2f×", a / b }' || echo –)"
printf '%-40s %14s %14s\n' "server CPU per token (ms)" "$flows_cpu_per_token" "${peer_cpu_per_token:-–}"
printf '%-40s %14s\n' "sign-in bound: cores ÷ ${verification} ms" "$bound"
grep '^every core hashing' "$work/signins.txt" || true
echo
echo "full sign-ins by browsers at once:"
grep -E '^ *(browsers|[0-9]+(\+side)? +[0-9])' "$work/signins.txt"
grep '^side ' "$work/signins.txt" || true
