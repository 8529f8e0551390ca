#!/usr/bin/env bash
# Runs the whole test suite. Integration tests use the real services of this machine; a missing
# service fails the run (it is never skipped): Redis 6379, RabbitMQ 5672, Mosquitto 1883, NATS 4222.
# Kafka is started by the tests themselves from Maven Central artifacts.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"

missing=()
check() { # name port
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$2") 2>/dev/null; then missing+=("$1 (127.0.0.1:$2)"); fi
}
check Redis 6379
check RabbitMQ 5672
check Mosquitto 1883
check NATS 4222
if [ ${#missing[@]} -gt 0 ]; then
  echo "test.sh: required services are not reachable: ${missing[*]}" >&2
  echo "test.sh: start them (see README, 'Services for the tests') and run again." >&2
  exit 1
fi

# The newest JDK on the machine (>= 21), as ./sluice finds it.
JAVA_HOME="$(./scripts/find-jdk)"
export JAVA_HOME
echo "test.sh: using JDK at $JAVA_HOME"

mvn -B -ntp ${MVN_ARGS:-} verify
