#!/usr/bin/env bash
# Builds and runs the NATS -> drop benchmark once against the local server (default 127.0.0.1:4222).
# Needs the sluice-core and sluice-connector-nats jars installed: run the root build with
#   mvn -pl connectors/nats -am install -DskipTests
# first. Arguments are passed on: [url] [count] [size] [trials].
set -euo pipefail
cd "$(dirname "$0")"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
mvn -q -o package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt >/dev/null 2>&1 \
  || mvn -q package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
exec "$JAVA_HOME/bin/java" -XX:+UseParallelGC -Xms512m -Xmx2g -cp "target/classes:$(cat target/classpath.txt)" \
  io.sluice.bench.nats.NatsDropBench "$@"
