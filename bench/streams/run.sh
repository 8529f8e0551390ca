#!/usr/bin/env bash
# Stream API fan-out benchmark: N WebSocket + SSE subscribers of a keyed stream API on the Sluice gateway, loopback only,
# bounded in time (about 3 minutes with the defaults).
#
#   bench/streams/run.sh                  # all scenarios
#   SCENARIOS="idle fanout" bench/streams/run.sh
#
# Scenarios (each on a fresh gateway with -Xmx${GATEWAY_HEAP}):
#   idle    IDLE_SUBSCRIBERS (default 10000, half WebSocket, half SSE) on a stream that publishes nothing;
#           reports the gateway's heap after a full GC with all of them connected (target: under 1 GiB).
#   fanout  FANOUT_SUBSCRIBERS (default 1000) x FANOUT_RATE msg/s (default 100) for DURATION seconds; reports
#           delivered msg/s and p50/p99 latency from creation (the "ts" the stream's generate input puts in each
#           message, epoch ns) to receipt by the client (target: p99 < 50 ms).
#   bare    the baseline for fanout: BareFanout.java, a minimal Vert.x broadcaster (same Vert.x, same number of event
#           loops, no engine, hub, authentication or buffers) driven by the same client at the same rate and count.
#   pushpin the peer: Pushpin (apt-get install pushpin), a fan-out proxy for SSE and WebSocket, in front of
#           PushpinOrigin.java, which holds every connection on one GRIP channel and publishes to it at FANOUT_RATE;
#           same client, count and rate as fanout. Not in the default set (it needs the package); skipped with a
#           notice when pushpin or zurl is not installed.
#   wide    WIDE_SUBSCRIBERS (default 10000) x WIDE_RATE msg/s (default 10): 100k deliveries/s.
#   filtered  fanout with every subscriber passing ?filter=this.n >= 0&fields=ts,n (matches every message, same
#           payload): the cost of per-subscriber filters and projections next to fanout. Not in the default set:
#           SCENARIOS="fanout filtered".
#   observe what metrics and analytics cost the fan-out: two gateways side by side, "off" (metrics disabled, the
#           stream's metrics: none) and "on" (Prometheus, per-component meters, an analytics record per delivered batch
#           per connection, memory store, detailed recording); fanout against each, a warm-up round each (WARMUP
#           seconds, not counted), then OBSERVE_ROUNDS (default 5) measured rounds each, the order alternating. Prints
#           each round, the medians and a SUMMARY line: delivered msg/s on/off (target >= 95%), p99 on/off (target
#           <= 110%), and the gateway CPU per delivered message (from /proc; steadier than p99 on a shared machine).
#           Not in the default set: SCENARIOS=observe.
# The key used has no rate limit and no quota (limits: messages, the default): what is measured is the stream path
# behind authentication, with the per-connection key watch active. AUTH=keyless serves the same API without
# authentication (no per-message guard at all), to show what the guard costs. KEY_RATE=N gives the key a rate limit
# of N messages per KEY_PER seconds (default 60; set it above what the run delivers): every delivered message is then
# counted against it.
# STORAGE=redis keeps keys and limit counters in the Redis at 127.0.0.1:6379 (under a prefix of its own) instead of
# memory, as a cluster of gateways would.
set -euo pipefail

SCENARIOS=${SCENARIOS:-"idle bare fanout wide"}
DURATION=${DURATION:-20}
IDLE_SUBSCRIBERS=${IDLE_SUBSCRIBERS:-10000}
FANOUT_SUBSCRIBERS=${FANOUT_SUBSCRIBERS:-1000}
FANOUT_RATE=${FANOUT_RATE:-100}
WIDE_SUBSCRIBERS=${WIDE_SUBSCRIBERS:-10000}
WIDE_RATE=${WIDE_RATE:-10}
GATEWAY_HEAP=${GATEWAY_HEAP:-1g}
AUTH=${AUTH:-key}
KEY_RATE=${KEY_RATE:-}
STORAGE=${STORAGE:-memory}
# on: metrics (Prometheus, per-component meters) and analytics records (memory, every delivery, detailed recording);
# off: "metrics": {"enabled": false} and the streams' metrics: none. The "observe" scenario runs fanout with both.
OBSERVE=${OBSERVE:-on}
OBSERVE_ROUNDS=${OBSERVE_ROUNDS:-5}
WARMUP=${WARMUP:-10}
GATEWAY_OPTS=${GATEWAY_OPTS:-}
PORT=${PORT:-18190}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d /tmp/sluice-streams-bench.XXXXXX)
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA="$JAVA_HOME/bin/java"
SECRET=bench-secret
GATEWAY_PID=""
PIDS=()

cleanup() {
  for pid in "${PIDS[@]:-}"; do kill "$pid" 2>/dev/null || true; done
  [ -n "$GATEWAY_PID" ] && kill "$GATEWAY_PID" 2>/dev/null || true
  wait 2>/dev/null || true
  if [ "$STORAGE" = redis ] && command -v redis-cli >/dev/null; then
    redis-cli --scan --pattern "sluice-bench-$$:*" | xargs -r redis-cli del >/dev/null || true
  fi
  [ "${KEEP:-0}" = 1 ] && echo "Logs kept in $WORK" || rm -rf "$WORK"
}
trap cleanup EXIT

# 10k subscribers need 10k sockets on each side (client and gateway), plus files.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
echo "Open files limit: $(ulimit -n)"

echo "Building the gateway module and its classpath (reactor build, nothing installed into ~/.m2)"
CLASSPATH="$(nice -n 15 "$ROOT/scripts/classpath" gateway test)"
mkdir -p "$WORK/client"
"$JAVA_HOME/bin/javac" -d "$WORK/client" -cp "$CLASSPATH" "$ROOT/bench/streams/StreamLoad.java" "$ROOT/bench/streams/BareFanout.java" \
  "$ROOT/bench/streams/PushpinOrigin.java" "$ROOT/bench/streams/Ticks.java"

if [ "$STORAGE" = redis ]; then
  STORAGE_JSON="{\"type\": \"redis\", \"host\": \"127.0.0.1\", \"port\": 6379, \"key_prefix\": \"sluice-bench-$$:\"}"
else
  STORAGE_JSON='{"type": "memory"}'
fi
KEY_LIMITS=$([ -n "$KEY_RATE" ] && echo ", \"rate\": $KEY_RATE, \"per\": ${KEY_PER:-60}" || echo "")

# $1 = generate interval (e.g. 10ms); the "idle" stream publishes only what is POSTed to it (nothing here).
# GW_DIR (default $WORK) holds the apps, config and log of the gateway being started; PORT is its port.
write_api() {
  local dir=${GW_DIR:-$WORK}
  if [ "$OBSERVE" = off ]; then
    STREAM_METRICS='{"none": {}}'
    GATEWAY_OBSERVE='"metrics": {"enabled": false}'
  else
    STREAM_METRICS='{"prometheus": {}}'
    GATEWAY_OBSERVE='"enable_analytics": true, "analytics_config": {"enable_detailed_recording": true}'
  fi
  AUTH_ENABLED=$([ "$AUTH" = keyless ] && echo false || echo true)
  mkdir -p "$dir/apps"
  rm -f "$dir/apps"/*.json
  cat > "$dir/apps/bench.json" <<JSON
{
  "openapi": "3.0.3",
  "info": {"title": "bench", "version": "1.0.0"},
  "paths": {},
  "components": {"securitySchemes": {"authToken": {"type": "apiKey", "in": "header", "name": "Authorization"}}},
  "security": [{"authToken": []}],
  "x-tyk-api-gateway": {
    "info": {"id": "bench", "name": "bench", "state": {"active": true}},
    "server": {
      "listenPath": {"value": "/bench/", "strip": true},
      "authentication": {"enabled": $AUTH_ENABLED, "securitySchemes": {"authToken": {"enabled": true,
        "header": {"enabled": true, "name": "Authorization"}, "query": {"enabled": true, "name": "key"}}}}
    }
  },
  "x-tyk-streaming": {
    "subscriber_filters": true,
    "streams": {
      "tick": {
        "input": {"generate": {"interval": "$1", "mapping": "root = {\"ts\": timestamp_unix_nano(), \"n\": counter()}"}},
        "metrics": $STREAM_METRICS,
        "output": {"http_server": {"path": "", "stream_path": "/tick/sse", "ws_path": "/tick/ws", "ws_message_type": "text",
                                   "stream_format": "event_source", "heartbeat": "30s"}}
      },
      "idle": {
        "input": {"http_server": {"path": "/idle/publish", "ws_path": ""}},
        "output": {"http_server": {"path": "", "stream_path": "/idle/sse", "ws_path": "/idle/ws", "ws_message_type": "text",
                                   "stream_format": "event_source", "heartbeat": "30s"}}
      }
    }
  }
}
JSON
  cat > "$dir/tyk.conf" <<JSON
{"listen_address": "127.0.0.1", "listen_port": $PORT, "secret": "$SECRET", "app_path": "$dir/apps", "storage": $STORAGE_JSON,
 $GATEWAY_OBSERVE}
JSON
}

start_gateway() {
  local dir=${GW_DIR:-$WORK}
  write_api "$1"
  "$JAVA" -Xms256m -Xmx"$GATEWAY_HEAP" ${GATEWAY_OPTS:--XX:+UseG1GC} -cp "$CLASSPATH" io.sluice.gateway.GatewayLauncher --conf "$dir/tyk.conf" \
    > "$dir/gateway.log" 2>&1 &
  GATEWAY_PID=$!
  for _ in $(seq 1 100); do
    curl -sf "http://127.0.0.1:$PORT/hello" >/dev/null 2>&1 && break
    sleep 0.2
  done
  KEY=$(curl -sf -H "x-tyk-authorization: $SECRET" -d "{\"access_rights\": {\"bench\": {\"api_id\": \"bench\"}}$KEY_LIMITS}" \
    "http://127.0.0.1:$PORT/tyk/keys" | sed 's/.*"key":"\([^"]*\)".*/\1/')
  [ -n "$KEY" ] || { echo "could not create a key"; cat "$dir/gateway.log"; exit 1; }
}

# Pushpin with its own run and log directories under $WORK, listening on $PORT, its outgoing HTTP client (zurl)
# started beside it, and every path routed to the origin on PORT+2 (WebSocket as WebSocket-over-HTTP).
# Its publish shaper is turned off (message_rate=0): with a rate set (the default is 2,500/s) the shaper restarts its
# 25 ms batch timer on every publish, so at 40 or more publishes per second the timer never fires and nothing after
# the first message is delivered (seen with pushpin 1.36 from Debian).
start_pushpin() {
  local dir=$WORK/pushpin origin_port=$((PORT + 2))
  mkdir -p "$dir/run" "$dir/log"
  cat > "$dir/zurl.conf" <<EOF
[General]
in_spec=ipc://$dir/run/zurl-in
in_stream_spec=ipc://$dir/run/zurl-in-stream
out_spec=ipc://$dir/run/zurl-out
in_req_spec=ipc://$dir/run/zurl-req
defpolicy=allow
max_open_requests=20000
buffer_size=200000
timeout=600
in_hwm=10000
out_hwm=10000
EOF
  sed -e "s#^rundir=.*#rundir=$dir/run#" -e "s#^logdir=.*#logdir=$dir/log#" -e "s#^http_port=.*#http_port=$PORT#" \
      -e 's#^log_level=.*#log_level=1#' -e 's#^message_rate=.*#message_rate=0#' -e 's#^message_hwm=.*#message_hwm=10000000#' \
      -e 's#^routesfile=.*#routesfile=routes#' \
      -e "s#^\[proxy\]#[proxy]\nzurl_out_specs=ipc://$dir/run/zurl-in\nzurl_out_stream_specs=ipc://$dir/run/zurl-in-stream\nzurl_in_specs=ipc://$dir/run/zurl-out#" \
      /etc/pushpin/pushpin.conf > "$dir/pushpin.conf"
  echo "* 127.0.0.1:$origin_port,over_http" > "$dir/routes"
  zurl --config="$dir/zurl.conf" > "$dir/zurl.out" 2>&1 &
  PIDS+=("$!")
  pushpin --config="$dir/pushpin.conf" > "$dir/pushpin.out" 2>&1 &
  GATEWAY_PID=$!
  "$JAVA" -Xms64m -Xmx256m -cp "$WORK/client" PushpinOrigin "$origin_port" "http://127.0.0.1:5561/publish/" "$1" > "$WORK/origin.log" 2>&1 &
  PIDS+=("$!")
  for _ in $(seq 1 100); do
    curl -s -m 1 -N "http://127.0.0.1:$PORT/sse" 2>/dev/null | grep -q connected && break
    sleep 0.2
  done
  KEY=none
}

stop_gateway() {
  kill "$GATEWAY_PID" 2>/dev/null || true
  wait "$GATEWAY_PID" 2>/dev/null || true
  GATEWAY_PID=""
}

# Used heap of a JVM after a full GC, in MiB.
heap_after_gc() {
  "$JAVA_HOME/bin/jcmd" "$1" GC.run >/dev/null 2>&1 || { echo "-"; return 0; } # not a JVM (pushpin)
  sleep 1
  "$JAVA_HOME/bin/jcmd" "$1" GC.heap_info | sed -n 's/.*used \([0-9]*\)K.*/\1/p' | head -1 | awk '{printf "%.0f", $1/1024}'
}

# $1 name, $2 ws path, $3 sse path, $4 subscribers, $5 seconds; sets RESULT / CONNECTED lines and HEAP_MB
run_client() {
  local name=$1 ws=$2 sse=$3 n=$4 seconds=$5
  local wsn=$((n / 2)) ssen=$((n - n / 2))
  "$JAVA" -Xmx1g -cp "$WORK/client:$CLASSPATH" StreamLoad 127.0.0.1 "$PORT" "$ws" "$sse" "$KEY" "$wsn" "$ssen" "$seconds" 2 10 \
    > "$WORK/client-$name.log" 2>&1 &
  local client=$!
  PIDS+=("$client")
  for _ in $(seq 1 600); do
    grep -q '^CONNECTED' "$WORK/client-$name.log" && break
    kill -0 "$client" 2>/dev/null || break
    sleep 0.2
  done
  # The heap is read after the measurement, while the client holds its subscribers open (10 s).
  for _ in $(seq 1 $(( (seconds + 60) * 5 ))); do
    grep -q '^RESULT' "$WORK/client-$name.log" && break
    kill -0 "$client" 2>/dev/null || break
    sleep 0.2
  done
  HEAP_MB=$(heap_after_gc "$GATEWAY_PID")
  wait "$client" || true
  grep -E '^(CONNECTED|RESULT)' "$WORK/client-$name.log" | sed "s/^/  [$name] /"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", 100 * a / b; else print "-" }'; }
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; } # user + system time of a process, in clock ticks

# One fan-out run against the observe scenario's gateway $1 ($2 names the round, $3 seconds, no hold afterwards):
# prints "msg/s p99_ms cpu_us_per_delivered_message", the CPU counted from "CONNECTED" to "RESULT".
observe_round() {
  local mode=$1 log="$WORK/client-observe-$1-$2.log" n=$FANOUT_SUBSCRIBERS before after client
  "$JAVA" -Xmx1g -cp "$WORK/client:$CLASSPATH" StreamLoad 127.0.0.1 "${OBS_PORT[$mode]}" /bench/tick/ws /bench/tick/sse \
    "${OBS_KEY[$mode]}" $((n / 2)) $((n - n / 2)) "$3" 2 0 > "$log" 2>&1 &
  client=$!
  for _ in $(seq 1 600); do grep -q '^CONNECTED' "$log" && break; kill -0 "$client" 2>/dev/null || break; sleep 0.1; done
  before=$(cpu_ticks "${OBS_PID[$mode]}")
  for _ in $(seq 1 $(( ($3 + 60) * 10 ))); do grep -q '^RESULT' "$log" && break; kill -0 "$client" 2>/dev/null || break; sleep 0.1; done
  after=$(cpu_ticks "${OBS_PID[$mode]}")
  wait "$client" || true
  grep '^RESULT' "$log" | awk -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" '{
    for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
    printf "%s %s %.2f\n", f["msg_per_s"], f["p99_ms"], (f["delivered"] > 0 ? 1e6 * t / hz / f["delivered"] : 0) }'
  grep -q '^RESULT' "$log" || echo "0 0 0"
}

OBSERVE_SUMMARY=""
SUMMARY=()
for scenario in $SCENARIOS; do
  case $scenario in
    idle)
      echo "== idle: $IDLE_SUBSCRIBERS subscribers on a silent stream"
      start_gateway "1h"
      run_client idle /bench/idle/ws /bench/idle/sse "$IDLE_SUBSCRIBERS" 5
      echo "  [idle] gateway heap after GC with all connected: ${HEAP_MB} MiB (max ${GATEWAY_HEAP})"
      SUMMARY+=("idle: $(grep -oE 'CONNECTED [0-9]+' "$WORK/client-idle.log" | cut -d' ' -f2) subscribers connected, gateway heap ${HEAP_MB} MiB after GC")
      stop_gateway
      ;;
    fanout)
      interval_ms=$((1000 / FANOUT_RATE))
      echo "== fanout: $FANOUT_SUBSCRIBERS subscribers x $FANOUT_RATE msg/s for ${DURATION}s"
      start_gateway "${interval_ms}ms"
      run_client fanout /bench/tick/ws /bench/tick/sse "$FANOUT_SUBSCRIBERS" "$DURATION"
      echo "  [fanout] gateway heap after GC: ${HEAP_MB} MiB; expected $((FANOUT_SUBSCRIBERS * FANOUT_RATE)) msg/s"
      SUMMARY+=("fanout $FANOUT_SUBSCRIBERS x $FANOUT_RATE/s: $(grep '^RESULT' "$WORK/client-fanout.log" | cut -d' ' -f3-7), heap ${HEAP_MB} MiB")
      stop_gateway
      ;;
    filtered)
      interval_ms=$((1000 / FANOUT_RATE))
      filter='filter=this.n%20%3E%3D%200&fields=ts,n'
      echo "== filtered: $FANOUT_SUBSCRIBERS subscribers x $FANOUT_RATE msg/s for ${DURATION}s, each with a filter and a projection"
      start_gateway "${interval_ms}ms"
      run_client filtered "/bench/tick/ws?$filter" "/bench/tick/sse?$filter" "$FANOUT_SUBSCRIBERS" "$DURATION"
      echo "  [filtered] gateway heap after GC: ${HEAP_MB} MiB; expected $((FANOUT_SUBSCRIBERS * FANOUT_RATE)) msg/s"
      SUMMARY+=("filtered $FANOUT_SUBSCRIBERS x $FANOUT_RATE/s: $(grep '^RESULT' "$WORK/client-filtered.log" | cut -d' ' -f3-7), heap ${HEAP_MB} MiB")
      stop_gateway
      ;;
    observe)
      interval_ms=$((1000 / FANOUT_RATE))
      declare -A OBS_PORT=([off]=$PORT [on]=$((PORT + 10))) OBS_PID OBS_KEY
      for mode in off on; do
        mkdir -p "$WORK/$mode"
        OBSERVE=$mode GW_DIR="$WORK/$mode" PORT=${OBS_PORT[$mode]} start_gateway "${interval_ms}ms"
        OBS_PID[$mode]=$GATEWAY_PID; OBS_KEY[$mode]=$KEY; PIDS+=("$GATEWAY_PID"); GATEWAY_PID=""
      done
      echo "== observe: $FANOUT_SUBSCRIBERS subscribers x $FANOUT_RATE msg/s, gateways off and on side by side; warm-up ${WARMUP}s each (not counted), then $OBSERVE_ROUNDS rounds of ${DURATION}s each, order alternating (load $(cut -d' ' -f1-3 /proc/loadavg))"
      observe_round off warmup "$WARMUP" >/dev/null
      observe_round on warmup "$WARMUP" >/dev/null
      printf '  %-6s %10s %9s %8s %10s %9s %8s %11s %10s %10s\n' round "off msg/s" "off p99" "off cpu" "on msg/s" "on p99" "on cpu" \
        "msgs on/off" "p99 on/off" "cpu on/off"
      off_p99s=""; on_p99s=""; off_rates=""; on_rates=""; off_cpus=""; on_cpus=""; rate_ratios=""; p99_ratios=""; cpu_ratios=""
      for round in $(seq 1 "$OBSERVE_ROUNDS"); do
        if [ $((round % 2)) = 1 ]; then order="off on"; else order="on off"; fi
        for mode in $order; do
          read -r rate p99 cpu <<<"$(observe_round "$mode" "$round" "$DURATION")"
          eval "${mode}_rate=\$rate ${mode}_p99=\$p99 ${mode}_cpu=\$cpu"
        done
        rate_ratio=$(ratio "$on_rate" "$off_rate"); p99_ratio=$(ratio "$on_p99" "$off_p99"); cpu_ratio=$(ratio "$on_cpu" "$off_cpu")
        printf '  %-6s %10s %7sms %6sus %10s %7sms %6sus %10s%% %9s%% %9s%%\n' "$round" "$off_rate" "$off_p99" "$off_cpu" \
          "$on_rate" "$on_p99" "$on_cpu" "$rate_ratio" "$p99_ratio" "$cpu_ratio"
        rate_ratios="$rate_ratios $rate_ratio"; p99_ratios="$p99_ratios $p99_ratio"; cpu_ratios="$cpu_ratios $cpu_ratio"
        off_rates="$off_rates $off_rate"; on_rates="$on_rates $on_rate"; off_p99s="$off_p99s $off_p99"; on_p99s="$on_p99s $on_p99"
        off_cpus="$off_cpus $off_cpu"; on_cpus="$on_cpus $on_cpu"
      done
      curl -sf "http://127.0.0.1:${OBS_PORT[on]}/metrics" | grep -E '^sluice_consumer_messages_delivered_total.*stream="bench/tick"' | sed 's/^/  [observe on] /'
      curl -sf -H "x-tyk-authorization: $SECRET" "http://127.0.0.1:${OBS_PORT[on]}/tyk/analytics?api=bench" \
        | sed -E 's/.*"count":([0-9]+),"errors":[0-9]+,"messages":([0-9]+).*/  [observe on] analytics records: \1, messages in them: \2/' | head -1; echo
      # Each ratio is taken within a round (off and on back to back) and the median of the rounds reported.
      rate_ratio=$(echo "$rate_ratios" | median); p99_ratio=$(echo "$p99_ratios" | median); cpu_ratio=$(echo "$cpu_ratios" | median)
      echo "  medians: off $(echo "$off_rates" | median) msg/s, p99 $(echo "$off_p99s" | median) ms, $(echo "$off_cpus" | median) us CPU/msg;" \
        "on $(echo "$on_rates" | median) msg/s, p99 $(echo "$on_p99s" | median) ms, $(echo "$on_cpus" | median) us CPU/msg"
      verdict=$(awk -v t="$rate_ratio" -v p="$p99_ratio" 'BEGIN { print (t >= 95 && p <= 110) ? "within target" : "OUTSIDE target" }')
      OBSERVE_SUMMARY="SUMMARY streams observability: delivered msg/s on/off ${rate_ratio}% (target >= 95%), p99 on/off ${p99_ratio}% (target <= 110%): $verdict; gateway CPU per message on/off ${cpu_ratio}%; medians of $OBSERVE_ROUNDS rounds' ratios; load $(cut -d' ' -f1-3 /proc/loadavg)"
      echo "  $OBSERVE_SUMMARY"
      SUMMARY+=("observe $FANOUT_SUBSCRIBERS x $FANOUT_RATE/s: delivered on/off ${rate_ratio}%, p99 on/off ${p99_ratio}%, CPU/msg on/off ${cpu_ratio}%")
      for mode in off on; do kill "${OBS_PID[$mode]}" 2>/dev/null || true; wait "${OBS_PID[$mode]}" 2>/dev/null || true; done
      OBSERVE=on
      ;;
    bare)
      interval_ms=$((1000 / FANOUT_RATE))
      echo "== bare (baseline): $FANOUT_SUBSCRIBERS subscribers x $FANOUT_RATE msg/s for ${DURATION}s on a minimal Vert.x broadcaster"
      "$JAVA" -Xms256m -Xmx"$GATEWAY_HEAP" ${GATEWAY_OPTS:--XX:+UseG1GC} -cp "$WORK/client:$CLASSPATH" BareFanout "$PORT" "$interval_ms" \
        > "$WORK/bare.log" 2>&1 &
      GATEWAY_PID=$!
      for _ in $(seq 1 100); do grep -q READY "$WORK/bare.log" && break; sleep 0.2; done
      KEY=none
      run_client bare /ws /sse "$FANOUT_SUBSCRIBERS" "$DURATION"
      echo "  [bare] heap after GC: ${HEAP_MB} MiB"
      SUMMARY+=("bare $FANOUT_SUBSCRIBERS x $FANOUT_RATE/s (baseline): $(grep '^RESULT' "$WORK/client-bare.log" | cut -d' ' -f3-7), heap ${HEAP_MB} MiB")
      stop_gateway
      ;;
    pushpin)
      if ! command -v pushpin >/dev/null || ! command -v zurl >/dev/null; then
        echo "== pushpin: not installed (apt-get install pushpin), skipped"
        SUMMARY+=("pushpin: not installed, skipped")
        continue
      fi
      interval_ms=$((1000 / FANOUT_RATE))
      echo "== pushpin (peer): $FANOUT_SUBSCRIBERS subscribers x $FANOUT_RATE msg/s for ${DURATION}s through Pushpin"
      start_pushpin "$interval_ms"
      run_client pushpin /ws /sse "$FANOUT_SUBSCRIBERS" "$DURATION"
      SUMMARY+=("pushpin $FANOUT_SUBSCRIBERS x $FANOUT_RATE/s (peer): $(grep '^RESULT' "$WORK/client-pushpin.log" | cut -d' ' -f3-7)")
      stop_gateway
      for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
      PIDS=()
      ;;
    wide)
      interval_ms=$((1000 / WIDE_RATE))
      echo "== wide: $WIDE_SUBSCRIBERS subscribers x $WIDE_RATE msg/s for ${DURATION}s"
      start_gateway "${interval_ms}ms"
      run_client wide /bench/tick/ws /bench/tick/sse "$WIDE_SUBSCRIBERS" "$DURATION"
      echo "  [wide] gateway heap after GC: ${HEAP_MB} MiB; expected $((WIDE_SUBSCRIBERS * WIDE_RATE)) msg/s"
      SUMMARY+=("wide $WIDE_SUBSCRIBERS x $WIDE_RATE/s: $(grep '^RESULT' "$WORK/client-wide.log" | cut -d' ' -f3-7), heap ${HEAP_MB} MiB")
      stop_gateway
      ;;
    *) echo "unknown scenario $scenario"; exit 2 ;;
  esac
done


echo
echo "Summary ($(nproc) cores, loopback, client and gateway on the same machine, AUTH=$AUTH, STORAGE=$STORAGE${KEY_RATE:+, KEY_RATE=$KEY_RATE/${KEY_PER:-60}s}):"
for line in "${SUMMARY[@]}"; do echo "  $line"; done
if [ -n "$OBSERVE_SUMMARY" ]; then echo "$OBSERVE_SUMMARY"; fi
