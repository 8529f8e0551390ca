#!/usr/bin/env bash
# Cluster benchmark: the same stream API on 1 gateway node and on 3 gateway nodes sharing one Redis (the Redis Streams
# hub), SUBSCRIBERS subscribers (half WebSocket, half SSE) spread evenly over the nodes, a generate stream of RATE
# msg/s. Reports, for each: delivered msg/s (all subscribers together), p50/p99 latency from the message's creation to
# its receipt, and the CPU the redis-server used (percent of one core); then the 3-node / 1-node ratios. A third run,
# one node with the in-memory hub (no Redis in the message path), shows what the Redis hub itself costs.
# Loopback only, bounded in time (about 2 minutes with the defaults). The redis-server is the benchmark's own (a free
# port, no persistence), so its CPU is this load's alone.
#
#   bench/cluster/run.sh
#   SUBSCRIBERS=1000 RATE=100 DURATION=30 bench/cluster/run.sh
set -euo pipefail

SUBSCRIBERS=${SUBSCRIBERS:-600}
RATE=${RATE:-100}
DURATION=${DURATION:-20}
NODE_HEAP=${NODE_HEAP:-512m}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d /tmp/sluice-cluster-bench.XXXXXX)
JAVA_HOME=${JAVA_HOME:-$("$ROOT/scripts/find-jdk")}
export JAVA_HOME
JAVA="$JAVA_HOME/bin/java"
SECRET=bench-secret
PIDS=()
REDIS_PID=""

cleanup() {
  for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
  [ -n "$REDIS_PID" ] && kill "$REDIS_PID" 2>/dev/null || true
  wait 2>/dev/null || true
  [ "${KEEP:-0}" = 1 ] && echo "Logs kept in $WORK" || rm -rf "$WORK"
}
trap cleanup EXIT
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

echo "Building the gateway (reactor, no install) and its class path"
CLASSPATH="$("$ROOT/scripts/classpath" gateway test)"
mkdir -p "$WORK/client"
"$JAVA_HOME/bin/javac" -d "$WORK/client" -cp "$CLASSPATH" "$ROOT/bench/streams/StreamLoad.java"

REDIS_PORT=$(free_port)
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --daemonize no --logfile "$WORK/redis.log" &
REDIS_PID=$!
for _ in $(seq 1 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done

mkdir -p "$WORK/apps"
cat > "$WORK/apps/bench.json" <<JSON
{
  "openapi": "3.0.3",
  "info": {"title": "bench", "version": "1.0.0"},
  "paths": {},
  "x-tyk-api-gateway": {
    "info": {"id": "bench", "name": "bench", "state": {"active": true}},
    "server": {"listenPath": {"value": "/bench/", "strip": true}}
  },
  "x-tyk-streaming": {
    "streams": {
      "tick": {
        "input": {"generate": {"interval": "$((1000 / RATE))ms", "mapping": "root = {\"ts\": timestamp_unix_nano(), \"n\": counter()}"}},
        "output": {"http_server": {"path": "", "stream_path": "/tick/sse", "ws_path": "/tick/ws", "ws_message_type": "text",
                                   "stream_format": "event_source", "heartbeat": "30s"}}
      }
    }
  }
}
JSON

# $1 = number of nodes, $2 = hub (redis or memory), $3 = label; sets RESULT_LINE and REDIS_CPU
run_cluster() {
  local nodes=$1 hub=$2 label=$3 ports=() prefix="bench-$$-$3:"
  NODE_PIDS=()
  for i in $(seq 1 "$nodes"); do
    local port
    port=$(free_port)
    ports+=("$port")
    SLUICE_GW_LISTEN_ADDRESS=127.0.0.1 SLUICE_GW_LISTEN_PORT=$port SLUICE_GW_SECRET=$SECRET SLUICE_GW_APP_PATH="$WORK/apps" \
      SLUICE_GW_STORAGE_TYPE=redis SLUICE_GW_STORAGE_PORT=$REDIS_PORT SLUICE_GW_STORAGE_KEY_PREFIX=$prefix SLUICE_GW_STREAMING_HUB=$hub \
      "$JAVA" -Xms128m -Xmx"$NODE_HEAP" -cp "$CLASSPATH" io.sluice.gateway.GatewayLauncher > "$WORK/node-$label-$i.log" 2>&1 &
    NODE_PIDS+=("$!")
    PIDS+=("$!")
  done
  for port in "${ports[@]}"; do
    for _ in $(seq 1 200); do curl -sf "http://127.0.0.1:$port/hello" >/dev/null 2>&1 && break; sleep 0.2; done
  done
  local list
  list=$(IFS=,; echo "${ports[*]}")
  "$JAVA" -Xmx1g -cp "$WORK/client:$CLASSPATH" StreamLoad 127.0.0.1 "$list" /bench/tick/ws /bench/tick/sse none \
    $((SUBSCRIBERS / 2)) $((SUBSCRIBERS - SUBSCRIBERS / 2)) "$DURATION" 2 > "$WORK/client-$label.log" 2>&1 &
  local client=$!
  PIDS+=("$client")
  for _ in $(seq 1 600); do grep -q '^CONNECTED' "$WORK/client-$label.log" && break; sleep 0.2; done
  sleep 2 # the client settles for 2 s before it measures
  local t0 c0 t1 c1
  t0=$(date +%s.%N); c0=$(cpu_ticks "$REDIS_PID")
  for _ in $(seq 1 $(( (DURATION + 60) * 5 ))); do grep -q '^RESULT' "$WORK/client-$label.log" && break; sleep 0.2; done
  t1=$(date +%s.%N); c1=$(cpu_ticks "$REDIS_PID")
  wait "$client" || true
  REDIS_CPU=$(echo "($c1 - $c0) / ($t1 - $t0)" | bc -l | awk '{printf "%.1f", $1}')
  RESULT_LINE=$(grep '^RESULT' "$WORK/client-$label.log" || echo "RESULT failed (see $WORK)")
  grep -E '^(CONNECTED|RESULT)' "$WORK/client-$label.log" | sed "s/^/  [$label] /"
  echo "  [$label] redis-server CPU: ${REDIS_CPU}% of one core"
  for pid in "${NODE_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${NODE_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}

field() { echo "$1" | sed -n "s/.* $2=\([^ ]*\).*/\1/p"; }

echo "== 1 node, in-memory hub (reference): $SUBSCRIBERS subscribers x $RATE msg/s for ${DURATION}s"
run_cluster 1 memory memory
MEM=$RESULT_LINE; MEM_CPU=$REDIS_CPU
echo "== 1 node: $SUBSCRIBERS subscribers x $RATE msg/s for ${DURATION}s (hub: Redis Streams)"
run_cluster 1 redis one
ONE=$RESULT_LINE; ONE_CPU=$REDIS_CPU
echo "== 3 nodes: $SUBSCRIBERS subscribers spread over them x $RATE msg/s for ${DURATION}s"
run_cluster 3 redis three
THREE=$RESULT_LINE; THREE_CPU=$REDIS_CPU

echo
echo "Summary ($(nproc) cores, loopback, nodes, redis-server and client on the same machine; expected $((SUBSCRIBERS * RATE)) msg/s):"
printf "  %-8s %14s %9s %9s %14s\n" nodes "delivered/s" "p50 ms" "p99 ms" "Redis CPU %"
printf "  %-8s %14s %9s %9s %14s\n" "1 (mem)" "$(field "$MEM" msg_per_s)" "$(field "$MEM" p50_ms)" "$(field "$MEM" p99_ms)" "$MEM_CPU"
printf "  %-8s %14s %9s %9s %14s\n" 1 "$(field "$ONE" msg_per_s)" "$(field "$ONE" p50_ms)" "$(field "$ONE" p99_ms)" "$ONE_CPU"
printf "  %-8s %14s %9s %9s %14s\n" 3 "$(field "$THREE" msg_per_s)" "$(field "$THREE" p50_ms)" "$(field "$THREE" p99_ms)" "$THREE_CPU"
echo "  ratio 3/1: delivered $(echo "$(field "$THREE" msg_per_s) / $(field "$ONE" msg_per_s)" | bc -l | awk '{printf "%.2f", $1}')," \
  "p99 $(echo "$(field "$THREE" p99_ms) / $(field "$ONE" p99_ms)" | bc -l | awk '{printf "%.2f", $1}')," \
  "Redis CPU $(echo "$THREE_CPU / ($ONE_CPU + 0.0001)" | bc -l | awk '{printf "%.2f", $1}')"
