#!/usr/bin/env bash
# Kafka throughput benchmark: Sluice vs a plain kafka-clients consumer on the harness broker.
# Usage: bench/kafka/run.sh [messages=200000] [payload bytes=100]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
mvn_opts=(-q ${MVN_ARGS:-})
[[ "${OFFLINE:-1}" == 1 ]] && mvn_opts+=(-o)
# Build the connector and the broker harness (testkit) in the reactor and list the connector's test class path.
mvn "${mvn_opts[@]}" -pl connectors/kafka -am test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
cp="connectors/kafka/target/classes:connectors/kafka/target/test-classes:$(cat connectors/kafka/target/bench-classpath.txt)"
exec "$JAVA_HOME/bin/java" -Xmx1g ${JAVA_OPTS:-} -Dlogback.configurationFile="$root/bench/kafka/logback.xml" \
    -cp "$cp" bench/kafka/KafkaBench.java "$@" 2>&1
