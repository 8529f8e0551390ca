#!/usr/bin/env bash
# Runs the whole test suite. Integration tests use the real services of this machine; a missing
# service fails the run (it is never skipped): Redis 6379, RabbitMQ 5672, Mosquitto 1883, NATS 4222, PostgreSQL 5432.
# Kafka is started by the tests themselves from Maven Central artifacts. The console's browser tests drive Debian's
# Chromium with Playwright (never a downloaded browser): it is installed here when missing, with Node for the tests.
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
check PostgreSQL 5432
if [ ${#missing[@]} -gt 0 ]; then
  echo "test.sh: required services are not reachable: ${missing[*]}" >&2
  echo "test.sh: start them (see README, 'Services for the tests') and run again." >&2
  exit 1
fi

# Browser tests: Debian's chromium at /usr/bin/chromium, and Node/npm (the web app is built with them too).
need_packages=()
[ -x /usr/bin/chromium ] || need_packages+=(chromium)
command -v node >/dev/null || need_packages+=(nodejs)
command -v npm >/dev/null || need_packages+=(npm)
if [ ${#need_packages[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "test.sh: installing ${need_packages[*]} for the browser tests (apt-get)" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need_packages[@]}" >/dev/null \
      || { echo "test.sh: apt-get install ${need_packages[*]} failed; install them and run again" >&2; exit 1; }
  else
    echo "test.sh: missing for the browser tests: ${need_packages[*]} (apt-get install -y ${need_packages[*]})" >&2
    exit 1
  fi
fi

# The newest JDK on the machine (>= 21), as ./sluice finds it.
JAVA_HOME="$(./scripts/find-jdk)"
export JAVA_HOME
echo "test.sh: using JDK at $JAVA_HOME"

status=0
# -T 1C: one module build per core at a time. Modules that do not depend on each other (the connectors,
# and later cluster-tests, e2e and architecture) build and test side by side; most of their tests wait on
# brokers and processes, not on the CPU. Their tests use unique names and random ports, so they do not meet.
mvn -B -ntp -T 1C ${MVN_ARGS:-} verify || status=$?

# The config unit tests under examples/, run the way a user runs them (the jar was built by verify).
if [ -f cli/target/sluice-all.jar ]; then
  echo "test.sh: sluice test ./examples/..."
  "$JAVA_HOME/bin/java" -jar cli/target/sluice-all.jar test ./examples/... || status=$?
else
  echo "test.sh: cli/target/sluice-all.jar is missing; the example config tests did not run" >&2
  status=1
fi

# Maven does not report excluded test groups; say it here, so that a green run does not look complete.
case " ${MVN_ARGS:-} " in
  *"-Dnsq.excluded.groups="*) ;;
  *)
    nsqd_tests=$(grep -l '@Tag("nsqd")' -r connectors/nsq/src/test | xargs grep -cE '^\s*@(Test|ParameterizedTest)' | awk -F: '{n+=$NF} END {print n+0}')
    echo "test.sh: NSQ: the ${nsqd_tests} tests against a real nsqd (tag nsqd, connectors/nsq) did NOT run: they need an nsqd binary, which no registry this build uses ships; given one, run MVN_ARGS='-Dnsq.excluded.groups= -Dnsqd.bin=/path/to/nsqd' ./test.sh"
    ;;
esac
exit $status
