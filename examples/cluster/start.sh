#!/usr/bin/env bash
# Starts Flows as a cluster on this machine: PostgreSQL (scripts/start-postgres.sh), two server nodes on it and nginx
# in front of them (examples/cluster/nginx.conf), all on 127.0.0.1; then prints where to go. Stop it with stop.sh.
#
#   examples/cluster/start.sh          # state, logs and generated secrets in /tmp/flows-cluster (FLOWS_CLUSTER_DIR)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
run=${FLOWS_CLUSTER_DIR:-/tmp/flows-cluster}
public=http://127.0.0.1:5000

if [ -f "$run/pids" ]; then
  echo "A cluster is running already (see $run); stop it first: examples/cluster/stop.sh" >&2
  exit 1
fi
mkdir -p "$run"
chmod 700 "$run"

echo "Building the server…"
dotnet build src/Flows.AuthServer -c Release -v quiet -nologo >"$run/build.log" 2>&1 || { cat "$run/build.log" >&2; exit 1; }

# The test script's PostgreSQL, kept running after this script ends: stop.sh stops it.
source scripts/start-postgres.sh
trap - EXIT
trap 'echo "Starting the cluster failed; examples/cluster/stop.sh stops what did start." >&2' ERR
echo "pg_bin=$pg_bin" >"$run/postgres"
echo "pg_dir=$pg_dir" >>"$run/postgres"
psql "host=127.0.0.1 port=$pg_port user=postgres dbname=postgres" -q -c "CREATE DATABASE flows"

# Both nodes share the administrator's secrets: generated once here, shown below.
admin_password=$(openssl rand -base64 18 | tr -d '/+=')
admin_secret=$(openssl rand -base64 27 | tr -d '/+=')
printf 'administrator: admin / %s\nadmin client: flows-admin / %s\n' "$admin_password" "$admin_secret" >"$run/admin.txt"
chmod 600 "$run/admin.txt"

start_node() {
  local node=$1 port=$2
  (cd src/Flows.AuthServer && \
    Flows__Database__Provider=PostgreSql \
    Flows__Database__ConnectionString="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=flows" \
    Flows__PublicUrl=$public \
    Flows__Admin__Password=$admin_password \
    Flows__Admin__ClientSecret=$admin_secret \
    Flows__Secrets__Directory=$run \
    exec dotnet "$root/src/Flows.AuthServer/bin/Release/net10.0/Flows.AuthServer.dll" --urls "http://127.0.0.1:$port" \
      >"$run/node$node.log" 2>&1) &
  echo $! >>"$run/pids"
  for _ in $(seq 1 120); do
    if curl -sf "http://127.0.0.1:$port/readyz" >/dev/null; then return 0; fi
    sleep 0.5
  done
  echo "node $node did not start; its log: $run/node$node.log" >&2
  tail -n 30 "$run/node$node.log" >&2
  exit 1
}

# One after the other: the first creates the schema and the demo environment, the second finds them.
start_node 1 5001
start_node 2 5002

mkdir -p "$run/nginx"
cat >"$run/nginx/nginx.conf" <<CONF
daemon off;
pid $run/nginx/nginx.pid;
error_log $run/nginx/error.log;
events {}
http {
    access_log $run/nginx/access.log;
    client_body_temp_path $run/nginx/client_body;
    proxy_temp_path $run/nginx/proxy;
    fastcgi_temp_path $run/nginx/fastcgi;
    uwsgi_temp_path $run/nginx/uwsgi;
    scgi_temp_path $run/nginx/scgi;
    include $root/examples/cluster/nginx.conf;
}
CONF
if [ "$(id -u)" -eq 0 ]; then
  # nginx's workers run as nobody: they write their buffers here.
  chmod 755 "$run"; chmod 777 "$run/nginx"
fi
/usr/sbin/nginx -p "$run/nginx" -c "$run/nginx/nginx.conf" -e "$run/nginx/error.log" >"$run/nginx.log" 2>&1 &
echo $! >>"$run/pids"
for _ in $(seq 1 40); do
  if curl -s -o /dev/null "$public/"; then break; fi
  sleep 0.25
done

cat <<INFO

Flows is running as a cluster: nginx on $public in front of two nodes (127.0.0.1:5001, 127.0.0.1:5002) on one PostgreSQL.
  Try a sign-in:   $public/demo/try
  Designer:        $public/designer
  Management API:  $public/v1/reference
  Which node answered: the X-Flows-Upstream header; "X-Flows-Node: 1" or "2" sends a request to one node.
$(sed 's/^/  /' "$run/admin.txt")
  Demo users and their generated passwords: $run/flows-secrets.txt
  Logs: $run/node1.log, $run/node2.log, $run/nginx/
Stop everything: examples/cluster/stop.sh
INFO
