#!/usr/bin/env bash
# Proxy benchmark: nginx vs the Sluice gateway in front of the same upstream, loopback only, bounded in time.
#
#   bench/proxy/run.sh            # DURATION=10s CONNECTIONS=50 THREADS=2 by default
#
# Starts: an upstream (an nginx server block answering a small fixed body), nginx proxying it (plain and TLS), and
# Sluice proxying it (keyless, and with key auth + a rate limit that is checked on every request but never reached),
# once on a plain port and once on a TLS port (JDK TLS, certificates made by openssl for the run). Runs wrk against
# each and prints req/s, p99 latency and the ratio to nginx; then measures full TLS handshakes per second with
# `openssl s_time -new` against nginx and Sluice. Everything in one run, on the same machine.
set -euo pipefail

DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-8s}
CONNECTIONS=${CONNECTIONS:-50}
THREADS=${THREADS:-2}
UPSTREAM_PORT=${UPSTREAM_PORT:-18081}
NGINX_PORT=${NGINX_PORT:-18082}
SLUICE_PORT=${SLUICE_PORT:-18083}
NGINX_TLS_PORT=${NGINX_TLS_PORT:-18084}
SLUICE_TLS_PORT=${SLUICE_TLS_PORT:-18085}
HANDSHAKE_TIME=${HANDSHAKE_TIME:-10}
. "$(dirname "$0")/common.sh"
bench_work proxy-bench
need_nginx_and_wrk

gateway_classpath

echo "Making a CA and a server certificate for 127.0.0.1 (openssl)"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$WORK/ca.key" -out "$WORK/ca.pem" \
  -days 1 -subj "/CN=bench CA" -addext basicConstraints=critical,CA:TRUE >/dev/null 2>&1
openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$WORK/server.key" -out "$WORK/server.csr" \
  -subj "/CN=localhost" >/dev/null 2>&1
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' > "$WORK/server.ext"
openssl x509 -req -in "$WORK/server.csr" -CA "$WORK/ca.pem" -CAkey "$WORK/ca.key" -set_serial 1 -days 1 \
  -extfile "$WORK/server.ext" -out "$WORK/server.pem" >/dev/null 2>&1

# --- upstream and nginx (one nginx process, two server blocks)
cat > "$WORK/nginx.conf" <<NGINX
worker_processes 2;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
$(nginx_temp_paths)
  upstream backend { server 127.0.0.1:$UPSTREAM_PORT; keepalive 256; }
  server { listen 127.0.0.1:$UPSTREAM_PORT; location / { default_type text/plain; return 200 "hello from upstream\n"; } }
  server {
    listen 127.0.0.1:$NGINX_TLS_PORT ssl;
    ssl_certificate $WORK/server.pem;
    ssl_certificate_key $WORK/server.key;
    ssl_protocols TLSv1.2 TLSv1.3;
    location /bench/ {
      proxy_pass http://backend/;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location /bench/ {
      proxy_pass http://backend/;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_set_header X-Forwarded-Host \$host;
    }
  }
}
NGINX
"$NGINX" -c "$WORK/nginx.conf" -p "$WORK" 2>/dev/null

# --- Sluice
mkdir -p "$WORK/apps"
cat > "$WORK/apps/bench.json" <<JSON
{"openapi": "3.0.3", "info": {"title": "bench", "version": "1"}, "paths": {},
 "x-tyk-api-gateway": {"info": {"id": "bench", "name": "bench", "state": {"active": true}},
   "upstream": {"url": "http://127.0.0.1:$UPSTREAM_PORT"},
   "server": {"listenPath": {"value": "/bench/", "strip": true}}}}
JSON
cat > "$WORK/apps/bench-key.json" <<JSON
{"openapi": "3.0.3", "info": {"title": "bench-key", "version": "1"}, "paths": {},
 "components": {"securitySchemes": {"authToken": {"type": "apiKey", "in": "header", "name": "Authorization"}}},
 "security": [{"authToken": []}],
 "x-tyk-api-gateway": {"info": {"id": "bench-key", "name": "bench-key", "state": {"active": true}},
   "upstream": {"url": "http://127.0.0.1:$UPSTREAM_PORT"},
   "server": {"listenPath": {"value": "/bench-key/", "strip": true},
     "authentication": {"enabled": true, "securitySchemes": {"authToken": {"enabled": true}}}}}}
JSON
cat > "$WORK/gateway.conf" <<JSON
{"listen_address": "127.0.0.1", "listen_port": $SLUICE_PORT, "secret": "$SECRET", "app_path": "$WORK/apps",
 "storage": {"type": "memory"}, "event_loops": 2}
JSON
cat > "$WORK/gateway-tls.conf" <<JSON
{"listen_address": "127.0.0.1", "listen_port": $SLUICE_TLS_PORT, "secret": "$SECRET", "app_path": "$WORK/apps",
 "storage": {"type": "memory"}, "event_loops": 2,
 "http_server_options": {"use_ssl": true, "certificates": [{"domain_name": "", "cert_file": "$WORK/server.pem", "key_file": "$WORK/server.key"}]}}
JSON
# The same gateway twice, plain and TLS; each is idle while the other is measured.
for conf in gateway gateway-tls; do
  "$JAVA_HOME/bin/java" -Xms512m -Xmx512m -XX:+UseParallelGC -cp "$CLASSPATH" io.sluice.gateway.GatewayLauncher --conf "$WORK/$conf.conf" \
    > "$WORK/$conf.log" 2>&1 &
  PIDS+=($!)
done
for url in "http://127.0.0.1:$SLUICE_PORT/hello" "https://127.0.0.1:$SLUICE_TLS_PORT/hello"; do
  for _ in $(seq 1 100); do
    curl -fs --cacert "$WORK/ca.pem" "$url" >/dev/null 2>&1 && break
    sleep 0.2
  done
  curl -fs --cacert "$WORK/ca.pem" "$url" >/dev/null || { echo "Sluice did not start at $url:"; cat "$WORK"/gateway*.log; exit 1; }
done
# A key whose rate limit is checked on every request but set far above what the machine can send.
KEY_BODY='{"rate": 10000000, "per": 1, "quota_max": -1, "access_rights": {"bench-key": {"api_id": "bench-key"}}}'
KEY=$(curl -fs -X POST -H "x-tyk-authorization: $SECRET" "http://127.0.0.1:$SLUICE_PORT/tyk/keys" -d "$KEY_BODY" \
  | sed -E 's/.*"key":"([^"]+)".*/\1/')
TLS_KEY=$(curl -fs --cacert "$WORK/ca.pem" -X POST -H "x-tyk-authorization: $SECRET" "https://127.0.0.1:$SLUICE_TLS_PORT/tyk/keys" \
  -d "$KEY_BODY" | sed -E 's/.*"key":"([^"]+)".*/\1/')

for url in "http://127.0.0.1:$NGINX_PORT/bench/" "http://127.0.0.1:$SLUICE_PORT/bench/"; do
  curl -fs "$url" | grep -q "hello from upstream" || { echo "No answer through $url"; exit 1; }
done
curl -fs -H "Authorization: $KEY" "http://127.0.0.1:$SLUICE_PORT/bench-key/" | grep -q "hello from upstream" \
  || { echo "Keyed Sluice route does not answer"; exit 1; }
for url in "https://127.0.0.1:$NGINX_TLS_PORT/bench/" "https://127.0.0.1:$SLUICE_TLS_PORT/bench/"; do
  curl -fs --cacert "$WORK/ca.pem" "$url" | grep -q "hello from upstream" || { echo "No answer through $url"; exit 1; }
done

run_wrk() { # name url [header]
  local out
  if [ -n "${3:-}" ]; then
    out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H "$3" "$2")
  else
    out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$2")
  fi
  local rps p99 errors
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  errors=$(echo "$out" | awk '/Non-2xx|Socket errors/ {print}' | tr '\n' ' ')
  echo "$1|$rps|$p99|$errors"
}

echo "Warming up the JVM ($WARMUP each route)"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "http://127.0.0.1:$SLUICE_PORT/bench/" >/dev/null
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -H "Authorization: $KEY" "http://127.0.0.1:$SLUICE_PORT/bench-key/" >/dev/null
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "https://127.0.0.1:$SLUICE_TLS_PORT/bench/" >/dev/null
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -H "Authorization: $TLS_KEY" "https://127.0.0.1:$SLUICE_TLS_PORT/bench-key/" >/dev/null
openssl s_time -connect "127.0.0.1:$SLUICE_TLS_PORT" -new -time 3 >/dev/null 2>&1 || true

echo "Measuring: wrk -t$THREADS -c$CONNECTIONS -d$DURATION (loopback, 2 cores shared by everything)"
results=()
results+=("$(run_wrk "nginx proxy" "http://127.0.0.1:$NGINX_PORT/bench/")")
results+=("$(run_wrk "sluice keyless" "http://127.0.0.1:$SLUICE_PORT/bench/")")
results+=("$(run_wrk "sluice key+rate limit" "http://127.0.0.1:$SLUICE_PORT/bench-key/" "Authorization: $KEY")")
results+=("$(run_wrk "nginx proxy, TLS" "https://127.0.0.1:$NGINX_TLS_PORT/bench/")")
results+=("$(run_wrk "sluice keyless, TLS" "https://127.0.0.1:$SLUICE_TLS_PORT/bench/")")
results+=("$(run_wrk "sluice key+rate, TLS" "https://127.0.0.1:$SLUICE_TLS_PORT/bench-key/" "Authorization: $TLS_KEY")")

nginx_rps=$(echo "${results[0]}" | cut -d'|' -f2)
printf '\n%-24s %12s %10s %9s  %s\n' "target" "req/s" "p99" "vs nginx" "errors"
for line in "${results[@]}"; do
  IFS='|' read -r name rps p99 errors <<<"$line"
  ratio=$(awk -v a="$rps" -v b="$nginx_rps" 'BEGIN { if (b > 0) printf "%.0f%%", 100 * a / b; else print "n/a" }')
  printf '%-24s %12s %10s %9s  %s\n' "$name" "$rps" "$p99" "$ratio" "$errors"
done

handshakes() { # port: full handshakes per second of one sequential openssl client (new session every time)
  openssl s_time -connect "127.0.0.1:$1" -new -time "$HANDSHAKE_TIME" 2>/dev/null \
    | awk '/connections in [0-9.]+ real seconds/ {for (i = 1; i <= NF; i++) if ($(i+1) == "connections") n = $i; else if ($(i+1) == "real") t = $i}
           END { if (t > 0) printf "%.0f", n / t; else print "n/a" }'
}
echo
echo "TLS handshakes (openssl s_time -new, ${HANDSHAKE_TIME}s each, one client, ECDSA P-256 certificate)"
nginx_hs=$(handshakes "$NGINX_TLS_PORT")
sluice_hs=$(handshakes "$SLUICE_TLS_PORT")
printf '%-24s %12s\n' "nginx" "$nginx_hs/s"
printf '%-24s %12s %9s\n' "sluice (JDK TLS)" "$sluice_hs/s" \
  "$(awk -v a="$sluice_hs" -v b="$nginx_hs" 'BEGIN { if (b > 0) printf "%.0f%%", 100 * a / b; else print "n/a" }')"
plain_rps=$(echo "${results[1]}" | cut -d'|' -f2)
tls_rps=$(echo "${results[4]}" | cut -d'|' -f2)
echo
echo "sluice keyless, TLS vs plain: $(awk -v a="$tls_rps" -v b="$plain_rps" 'BEGIN { if (b > 0) printf "%.0f%%", 100 * a / b; else print "n/a" }') of the plain req/s"
