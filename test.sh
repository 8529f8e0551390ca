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

status=0
mvn -B -ntp ${MVN_ARGS:-} verify || status=$?

# Maven does not report excluded test groups; say it here, so that a green run does not look complete.
case " ${MVN_ARGS:-} " in
  *"-Dnsq.excluded.groups="*) ;;
  *)
    nsqd_tests=$(grep -l '@Tag("nsqd")' -r connectors/nsq/src/test | xargs grep -cE '^\s*@(Test|ParameterizedTest)' | awk -F: '{n+=$NF} END {print n+0}')
    echo "test.sh: NSQ: the ${nsqd_tests} tests against a real nsqd (tag nsqd, connectors/nsq) did NOT run: they need an nsqd binary, which no registry this build uses ships; given one, run MVN_ARGS='-Dnsq.excluded.groups= -Dnsqd.bin=/path/to/nsqd' ./test.sh"
    ;;
esac
exit $status
