#!/usr/bin/env bash
# What metrics and analytics cost the proxy: the same keyed API on two gateways in one run, one with
# "metrics": {"enabled": false} and analytics off, one with /metrics, per-key meters (detailed recording) and an
# analytics record per request (memory store). wrk against each in turn, twice (off, on, off, on), then ratios.
#
#   bench/proxy/observability.sh        # DURATION=10s CONNECTIONS=50 THREADS=2 ROUNDS=2
set -euo pipefail

DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-8s}
CONNECTIONS=${CONNECTIONS:-50}
THREADS=${THREADS:-2}
ROUNDS=${ROUNDS:-2}
UPSTREAM_PORT=${UPSTREAM_PORT:-18091}
OFF_PORT=${OFF_PORT:-18092}
ON_PORT=${ON_PORT:-18093}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d /tmp/sluice-observe-bench.XXXXXX)
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
SECRET=bench-secret
PIDS=()

cleanup() {
  for pid in "${PIDS[@]:-}"; do kill "$pid" 2>/dev/null || true; done
  [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
  wait 2>/dev/null || true
  [ "${KEEP:-0}" = 1 ] && echo "Logs kept in $WORK" || rm -rf "$WORK"
}
trap cleanup EXIT

command -v wrk >/dev/null 2>&1 && { command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; } \
  || { echo "Installing nginx and wrk (Debian packages)"; apt-get install -y nginx wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y nginx wrk >/dev/null; }; }
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

echo "Building the gateway module and its classpath (reactor build, nothing installed into ~/.m2)"
CLASSPATH="$("$ROOT/scripts/classpath" gateway)"

mkdir -p "$WORK/nginx-temp" "$WORK/apps"
cat > "$WORK/nginx.conf" <<NGINX
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $WORK/nginx-temp/body;
  proxy_temp_path $WORK/nginx-temp/proxy;
  fastcgi_temp_path $WORK/nginx-temp/fastcgi;
  uwsgi_temp_path $WORK/nginx-temp/uwsgi;
  scgi_temp_path $WORK/nginx-temp/scgi;
  server { listen 127.0.0.1:$UPSTREAM_PORT; location / { default_type text/plain; return 200 "hello from upstream\n"; } }
}
NGINX
"$NGINX" -c "$WORK/nginx.conf" -p "$WORK" 2>/dev/null

cat > "$WORK/apps/bench-key.json" <<JSON
{"openapi": "3.0.3", "info": {"title": "bench-key", "version": "1"}, "paths": {},
 "components": {"securitySchemes": {"authToken": {"type": "apiKey", "in": "header", "name": "Authorization"}}},
 "security": [{"authToken": []}],
 "x-tyk-api-gateway": {"info": {"id": "bench-key", "name": "bench-key", "state": {"active": true}},
   "upstream": {"url": "http://127.0.0.1:$UPSTREAM_PORT"},
   "server": {"listenPath": {"value": "/bench-key/", "strip": true}, "detailedActivityLogs": {"enabled": true},
     "authentication": {"enabled": true, "securitySchemes": {"authToken": {"enabled": true}}}}}}
JSON
cat > "$WORK/off.conf" <<JSON
{"listen_address": "127.0.0.1", "listen_port": $OFF_PORT, "secret": "$SECRET", "app_path": "$WORK/apps",
 "storage": {"type": "memory"}, "event_loops": 2, "streaming": {"enabled": false}, "metrics": {"enabled": false}}
JSON
cat > "$WORK/on.conf" <<JSON
{"listen_address": "127.0.0.1", "listen_port": $ON_PORT, "secret": "$SECRET", "app_path": "$WORK/apps",
 "storage": {"type": "memory"}, "event_loops": 2, "streaming": {"enabled": false},
 "enable_analytics": true, "analytics_config": {"enable_detailed_recording": true}}
JSON
for conf in off on; do
  "$JAVA_HOME/bin/java" -Xms512m -Xmx512m -XX:+UseParallelGC -cp "$CLASSPATH" io.sluice.gateway.GatewayLauncher --conf "$WORK/$conf.conf" \
    > "$WORK/$conf.log" 2>&1 &
  PIDS+=($!)
done
declare -A KEYS
for pair in "off:$OFF_PORT" "on:$ON_PORT"; do
  name=${pair%%:*}; port=${pair##*:}
  for _ in $(seq 1 150); do curl -fs "http://127.0.0.1:$port/hello" >/dev/null 2>&1 && break; sleep 0.2; done
  KEYS[$name]=$(curl -fs -X POST -H "x-tyk-authorization: $SECRET" "http://127.0.0.1:$port/tyk/keys" \
    -d '{"alias": "bench-client", "access_rights": {"bench-key": {"api_id": "bench-key"}}}' | sed -E 's/.*"key":"([^"]+)".*/\1/')
  curl -fs -H "Authorization: ${KEYS[$name]}" "http://127.0.0.1:$port/bench-key/" | grep -q "hello from upstream" \
    || { echo "gateway $name does not proxy"; cat "$WORK/$name.log"; exit 1; }
done

run_wrk() { # name port key
  local out rps p99
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H "Authorization: $3" "http://127.0.0.1:$2/bench-key/")
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  echo "$1|$rps|$p99"
}
to_ms() { awk -v v="$1" 'BEGIN { if (v ~ /ms$/) { sub(/ms$/, "", v); print v } else if (v ~ /us$/) { sub(/us$/, "", v); print v / 1000 } else if (v ~ /s$/) { sub(/s$/, "", v); print v * 1000 } else print v }'; }

echo "Warming up both gateways ($WARMUP each)"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -H "Authorization: ${KEYS[off]}" "http://127.0.0.1:$OFF_PORT/bench-key/" >/dev/null
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -H "Authorization: ${KEYS[on]}" "http://127.0.0.1:$ON_PORT/bench-key/" >/dev/null

echo "Measuring: wrk -t$THREADS -c$CONNECTIONS -d$DURATION, $ROUNDS rounds of off then on (loopback; $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg))"
results=()
for round in $(seq 1 "$ROUNDS"); do
  results+=("$(run_wrk "off $round" "$OFF_PORT" "${KEYS[off]}")")
  results+=("$(run_wrk "on  $round" "$ON_PORT" "${KEYS[on]}")")
done
printf '\n%-10s %12s %10s\n' "gateway" "req/s" "p99"
off_rps=0; on_rps=0; off_p99=0; on_p99=0
for line in "${results[@]}"; do
  IFS='|' read -r name rps p99 <<<"$line"
  printf '%-10s %12s %10s\n' "$name" "$rps" "$p99"
  ms=$(to_ms "$p99")
  case $name in
    off*) off_rps=$(awk -v a="$off_rps" -v b="$rps" 'BEGIN {print a + b}'); off_p99=$(awk -v a="$off_p99" -v b="$ms" 'BEGIN {print a + b}') ;;
    on*) on_rps=$(awk -v a="$on_rps" -v b="$rps" 'BEGIN {print a + b}'); on_p99=$(awk -v a="$on_p99" -v b="$ms" 'BEGIN {print a + b}') ;;
  esac
done
awk -v a="$on_rps" -v b="$off_rps" -v c="$on_p99" -v d="$off_p99" 'BEGIN {
  printf "\nwith metrics+analytics: throughput %.1f%% of off, p99 %.1f%% of off (sums over the rounds)\n", 100 * a / b, 100 * c / d }'
echo
echo "What the 'on' gateway recorded:"
curl -fs "http://127.0.0.1:$ON_PORT/metrics" | grep -E '^sluice_(api|key)_requests_total' | head -4
curl -fs -H "x-tyk-authorization: $SECRET" "http://127.0.0.1:$ON_PORT/tyk/analytics?api=bench-key&bucket=1h" \
  | sed -E 's/.*"count":([0-9]+),"errors":([0-9]+).*/analytics records in the last hour: \1 (errors \2)/'
