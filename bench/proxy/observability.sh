#!/usr/bin/env bash
# What metrics and analytics cost the proxy: the same keyed API on two gateways in one run, one with
# "metrics": {"enabled": false} and analytics off, one with /metrics, per-key meters (detailed recording) and an
# analytics record per request (memory store). A warm-up round against each (not counted), then ROUNDS measured rounds
# interleaved, the order alternating (off,on / on,off / ...) so drift of the machine falls on both alike. Prints each
# round, the sums and medians, and one SUMMARY line with the two ratios against the targets, each the median of the
# rounds' on/off ratios (off and on run back to back within a round): throughput >= 95 %, p99 <= 110 %. Also the CPU time each gateway process used per request (from /proc): on a machine
# shared with other work that ratio is far steadier than req/s and p99, which then mostly measure the neighbours.
#
#   bench/proxy/observability.sh        # DURATION=10s WARMUP=10s CONNECTIONS=50 THREADS=2 ROUNDS=3
#   JFR=1 KEEP=1 bench/proxy/observability.sh   # also flight recordings of both gateways, kept in the work dir
set -euo pipefail

DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-10s}
CONNECTIONS=${CONNECTIONS:-50}
THREADS=${THREADS:-2}
ROUNDS=${ROUNDS:-3}
UPSTREAM_PORT=${UPSTREAM_PORT:-18091}
OFF_PORT=${OFF_PORT:-18092}
ON_PORT=${ON_PORT:-18093}
. "$(dirname "$0")/common.sh"
bench_work observe-bench
need_nginx_and_wrk

gateway_classpath

mkdir -p "$WORK/apps"
cat > "$WORK/nginx.conf" <<NGINX
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
$(nginx_temp_paths)
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
declare -A GATEWAY_PID
for conf in off on; do
  jfr=()
  [ "${JFR:-0}" = 1 ] && jfr=("-XX:StartFlightRecording=filename=$WORK/$conf.jfr,settings=profile")
  "$JAVA_HOME/bin/java" -Xms512m -Xmx512m -XX:+UseParallelGC "${jfr[@]}" -cp "$CLASSPATH" io.sluice.gateway.GatewayLauncher \
    --conf "$WORK/$conf.conf" > "$WORK/$conf.log" 2>&1 &
  PIDS+=($!)
  GATEWAY_PID[$conf]=$!
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

TICKS=$(getconf CLK_TCK)
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; } # user + system time of a process, in clock ticks
run_wrk() { # name port key -> "req/s p99_ms cpu_us_per_request"
  local out rps p99 requests before after
  before=$(cpu_ticks "${GATEWAY_PID[$1]}")
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H "Authorization: $3" "http://127.0.0.1:$2/bench-key/")
  after=$(cpu_ticks "${GATEWAY_PID[$1]}")
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  requests=$(echo "$out" | awk '/requests in/ {print $1}')
  echo "$rps $(to_ms "$p99") $(awk -v t=$((after - before)) -v hz="$TICKS" -v n="$requests" 'BEGIN { printf "%.1f", 1e6 * t / hz / n }')"
}
to_ms() { awk -v v="$1" 'BEGIN { if (v ~ /ms$/) { sub(/ms$/, "", v); print v } else if (v ~ /us$/) { sub(/us$/, "", v); print v / 1000 } else if (v ~ /s$/) { sub(/s$/, "", v); print v * 1000 } else print v }'; }
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "Warm-up round, not counted: $WARMUP against each gateway"
DURATION=$WARMUP run_wrk off "$OFF_PORT" "${KEYS[off]}" >/dev/null
DURATION=$WARMUP run_wrk on "$ON_PORT" "${KEYS[on]}" >/dev/null

echo "Measuring: wrk -t$THREADS -c$CONNECTIONS -d$DURATION, $ROUNDS rounds, off/on order alternating (loopback; $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg))"
printf '\n%-6s %11s %10s %8s %11s %10s %8s %11s %10s %10s\n' "round" "off req/s" "off p99" "off cpu" "on req/s" "on p99" "on cpu" \
  "tput on/off" "p99 on/off" "cpu on/off"
off_sum=0; on_sum=0; tput_ratios=""; p99_ratios=""; off_p99s=""; on_p99s=""; off_cpus=""; on_cpus=""; cpu_ratios=""
for round in $(seq 1 "$ROUNDS"); do
  if [ $((round % 2)) = 1 ]; then
    read -r off_rps off_p99 off_cpu <<<"$(run_wrk off "$OFF_PORT" "${KEYS[off]}")"
    read -r on_rps on_p99 on_cpu <<<"$(run_wrk on "$ON_PORT" "${KEYS[on]}")"
  else
    read -r on_rps on_p99 on_cpu <<<"$(run_wrk on "$ON_PORT" "${KEYS[on]}")"
    read -r off_rps off_p99 off_cpu <<<"$(run_wrk off "$OFF_PORT" "${KEYS[off]}")"
  fi
  tput=$(awk -v a="$on_rps" -v b="$off_rps" 'BEGIN { printf "%.1f", 100 * a / b }')
  lat=$(awk -v a="$on_p99" -v b="$off_p99" 'BEGIN { printf "%.1f", 100 * a / b }')
  cpu=$(awk -v a="$on_cpu" -v b="$off_cpu" 'BEGIN { printf "%.1f", 100 * a / b }')
  printf '%-6s %11s %8sms %6sus %11s %8sms %6sus %10s%% %9s%% %9s%%\n' "$round" "$off_rps" "$off_p99" "$off_cpu" "$on_rps" "$on_p99" \
    "$on_cpu" "$tput" "$lat" "$cpu"
  off_sum=$(awk -v a="$off_sum" -v b="$off_rps" 'BEGIN { print a + b }')
  on_sum=$(awk -v a="$on_sum" -v b="$on_rps" 'BEGIN { print a + b }')
  tput_ratios="$tput_ratios $tput"; p99_ratios="$p99_ratios $lat"; off_p99s="$off_p99s $off_p99"; on_p99s="$on_p99s $on_p99"
  off_cpus="$off_cpus $off_cpu"; on_cpus="$on_cpus $on_cpu"; cpu_ratios="$cpu_ratios $cpu"
done
sum_tput=$(awk -v a="$on_sum" -v b="$off_sum" 'BEGIN { printf "%.1f", 100 * a / b }')
med_tput=$(echo "$tput_ratios" | median)
med_off_p99=$(echo "$off_p99s" | median); med_on_p99=$(echo "$on_p99s" | median)
# Ratios are taken within a round (off and on measured back to back) and their median reported: the machine's drift
# between rounds then cancels out.
med_p99=$(echo "$p99_ratios" | median)
printf '\nsums:    off %.0f req/s, on %.0f req/s over %d rounds: throughput on/off %s%%\n' "$off_sum" "$on_sum" "$ROUNDS" "$sum_tput"
printf 'medians: per-round throughput on/off %s%%; p99 off %sms, on %sms; per-round p99 on/off %s%% (rounds:%s)\n' \
  "$med_tput" "$med_off_p99" "$med_on_p99" "$med_p99" "$p99_ratios"
med_cpu=$(echo "$cpu_ratios" | median)
echo "gateway CPU per request (medians): off $(echo "$off_cpus" | median)us, on $(echo "$on_cpus" | median)us; per-round on/off ${med_cpu}%"
verdict=$(awk -v t="$med_tput" -v p="$med_p99" 'BEGIN { print (t >= 95 && p <= 110) ? "within target" : "OUTSIDE target" }')
echo "SUMMARY proxy observability: throughput on/off ${med_tput}% (target >= 95%), p99 on/off ${med_p99}% (target <= 110%): $verdict; summed req/s on/off ${sum_tput}%; CPU per request on/off ${med_cpu}%; load $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "What the 'on' gateway recorded:"
curl -fs "http://127.0.0.1:$ON_PORT/metrics" | grep -E '^sluice_(api|key)_requests_total' | head -4
curl -fs -H "x-tyk-authorization: $SECRET" "http://127.0.0.1:$ON_PORT/tyk/analytics?api=bench-key&bucket=1h" \
  | sed -E 's/.*"count":([0-9]+),"errors":([0-9]+).*/analytics records in the last hour: \1 (errors \2)/'; echo
