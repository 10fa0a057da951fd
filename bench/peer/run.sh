#!/usr/bin/env bash
# Peer benchmark: oidc-provider issuing RS256 JWT access tokens by client_credentials, loaded by wrk.
# Server and load tool share this machine's cores on 127.0.0.1 (the agreed method, the same as for Flows).
#
#   bench/peer/run.sh            # PORT=3300 THREADS=2 CONNECTIONS=16 DURATION=20s WARMUP=5s
#
# Installs wrk (Debian) and the node dependencies (npm ci) when needed, starts the peer, checks that one
# token request returns an RS256 JWT, runs wrk with bench/wrk/client-credentials.lua, prints requests/s
# and the CPU time each process used, and stops the peer.
set -euo pipefail
cd "$(dirname "$0")"

port=${PORT:-3300}
threads=${THREADS:-2}
connections=${CONNECTIONS:-16}
duration=${DURATION:-20s}
warmup=${WARMUP:-5s}
base="http://127.0.0.1:${port}"
lua="$(cd ../wrk && pwd)/client-credentials.lua"

as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else
    echo "run.sh: '$*' needs root or sudo" >&2; return 1; fi
}

if ! command -v wrk >/dev/null 2>&1; then
  echo "run.sh: installing wrk" >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk \
    || { as_root apt-get update -q && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk; }
fi
npm ci --no-audit --no-fund --loglevel=error

if curl -s -o /dev/null "${base}/"; then
  echo "run.sh: something already listens on ${base}" >&2
  exit 1
fi

# A fresh client secret per run: no secret lives in source.
export CLIENT_ID=bench-service
CLIENT_SECRET=$(node -e 'process.stdout.write(require("node:crypto").randomBytes(24).toString("hex"))')
export CLIENT_SECRET

log=$(mktemp)
PORT=$port node oidc-provider-server.mjs >"$log" 2>&1 &
peer=$!
stop_peer() {
  if kill -0 "$peer" 2>/dev/null; then
    kill "$peer"
    wait "$peer" 2>/dev/null || true
  fi
  rm -f "$log"
}
trap stop_peer EXIT

for _ in $(seq 1 50); do
  curl -sf -o /dev/null "${base}/.well-known/openid-configuration" && break
  kill -0 "$peer" 2>/dev/null || { cat "$log" >&2; echo "run.sh: the peer exited" >&2; exit 1; }
  sleep 0.2
done

# One token request by hand: the response must carry a JWT access token signed with RS256.
response=$(curl -sS -u "${CLIENT_ID}:${CLIENT_SECRET}" -d grant_type=client_credentials "${base}/token")
node -e '
  const body = JSON.parse(process.argv[1]);
  const parts = String(body.access_token ?? "").split(".");
  if (parts.length !== 3) throw new Error("access_token is not a JWS compact JWT: " + process.argv[1]);
  const header = JSON.parse(Buffer.from(parts[0], "base64url").toString());
  if (header.alg !== "RS256") throw new Error("access token alg is " + header.alg + ", expected RS256");
  const payload = JSON.parse(Buffer.from(parts[1], "base64url").toString());
  console.log("token check: JWT access token", JSON.stringify(header), "aud", payload.aud, "sub", payload.sub);
' "$response"

hz=$(getconf CLK_TCK)
cpu_seconds() { # utime + stime of a process, in seconds
  awk -v hz="$hz" '{ sub(/^.*\) /, ""); printf "%.2f", ($12 + $13) / hz }' "/proc/$1/stat"
}
children_cpu_seconds() { # cutime + cstime of this shell: the CPU of the children it has waited for (wrk)
  awk -v hz="$hz" '{ sub(/^.*\) /, ""); printf "%.2f", ($14 + $15) / hz }' "/proc/$$/stat"
}
machine_ticks() { # busy and total jiffies over all cores
  awk '/^cpu / { total = 0; for (i = 2; i <= 11; i++) total += $i; print total - $5 - $6, total }' /proc/stat
}

if [[ $warmup != 0 && $warmup != 0s ]]; then
  echo "warm-up: wrk -t${threads} -c${connections} -d${warmup} (not counted)"
  wrk -t"$threads" -c"$connections" -d"$warmup" -s "$lua" "$base" -- /token >/dev/null
fi

echo "nproc: $(nproc); wrk and node both run on them, unpinned"
echo "command: CLIENT_SECRET=… wrk -t${threads} -c${connections} -d${duration} --latency -s bench/wrk/client-credentials.lua ${base} -- /token"
node_before=$(cpu_seconds "$peer")
wrk_before=$(children_cpu_seconds)
read -r busy_before total_before < <(machine_ticks)
wrk -t"$threads" -c"$connections" -d"$duration" --latency -s "$lua" "$base" -- /token
read -r busy_after total_after < <(machine_ticks)
node_after=$(cpu_seconds "$peer")
wrk_after=$(children_cpu_seconds)

# Where the machine's CPU went during the run: node (the peer), wrk, and everything else. A large
# "other" share means something else ran meanwhile and the numbers are not comparable.
awk -v n0="$node_before" -v n1="$node_after" -v w0="$wrk_before" -v w1="$wrk_after" \
    -v b=$((busy_after - busy_before)) -v t=$((total_after - total_before)) -v hz="$hz" -v cores="$(nproc)" 'BEGIN {
  node = n1 - n0; wrk = w1 - w0; busy = b / hz; capacity = t / hz; other = busy - node - wrk
  if (other < 0) other = 0
  printf "cpu during the run: node %.1f s, wrk %.1f s, other processes %.1f s, of %.1f s on %d cores (%.0f%% busy)\n",
    node, wrk, other, capacity, cores, 100 * busy / capacity
  if (other > 0.05 * capacity) printf "WARNING: other processes used %.0f%% of the machine: rerun on a quiet machine\n", 100 * other / capacity
}'
