#!/usr/bin/env bash
# Builds this benchmark and what it needs in one reactor run (nothing installed into ~/.m2), then runs
# it once against a Mosquitto it starts itself on a free loopback port.
# Usage: bench/mqtt/run.sh [messages] [payload-bytes]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/../.."
JAVA_HOME="$("$root/scripts/find-jdk")"
cp="$("$root/scripts/classpath" bench/mqtt)"
exec "$JAVA_HOME/bin/java" -Xmx1g -cp "$cp" io.sluice.bench.mqtt.MqttDropBench "${1:-50000}" "${2:-100}"
