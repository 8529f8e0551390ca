#!/usr/bin/env bash
# Builds the connector and this benchmark, then runs it once against a Mosquitto it starts itself on
# a free loopback port. Usage: bench/mqtt/run.sh [messages] [payload-bytes]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/../.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
mvn -q -f "$root/pom.xml" -pl connectors/mqtt -am install -DskipTests
mvn -q -f "$here/pom.xml" package dependency:build-classpath -Dmdep.outputFile="$here/target/classpath.txt"
exec "$JAVA_HOME/bin/java" -Xmx1g -cp "$here/target/classes:$(cat "$here/target/classpath.txt")" \
  io.sluice.bench.mqtt.MqttDropBench "${1:-50000}" "${2:-100}"
